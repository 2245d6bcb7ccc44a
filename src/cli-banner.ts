import type { StandConfig } from './config.js';

/**
 * What the CLI prints once it listens: the URLs a person can open. With --public-url (a
 * container published under another host or port) those are shown; listening on every
 * interface (0.0.0.0, a container) it says the port must be published to be reached.
 */
export function banner(config: StandConfig, url: string, urls: Readonly<Record<string, string>>): string[] {
  const shown = (u: string) => (config.publicUrl && u.startsWith(url) ? `${config.publicUrl.replace(/\/$/, '')}${u.slice(url.length)}` : u);
  const lines = [
    `async-stand ${config.clock} clock${config.clock === 'real' && config.speed !== 1 ? ` x${config.speed}` : ''}, scenario "${config.scenario}", seed ${config.seed}`,
    ...Object.entries(urls).map(([name, u]) => `  ${name.padEnd(11)} ${shown(u)}`),
    `  ${'admin'.padEnd(11)} ${shown(`${url}/_stand`)}`,
    `  ${'dashboard'.padEnd(11)} ${shown(`${url}/_stand/ui`)}`,
    `  ${'openapi'.padEnd(11)} ${shown(`${url}/_stand/openapi.json`)}`,
  ];
  if ((config.host === '0.0.0.0' || config.host === '::') && !config.publicUrl) {
    lines.push('  (listening on every interface: from another machine or the container host, use the address and the port it is published at, e.g. docker run -p 8080:8080; --public-url sets the URLs shown)');
  }
  return lines;
}
