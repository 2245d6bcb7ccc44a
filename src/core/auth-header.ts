/**
 * Reads the token of an `Authorization: <scheme> <token>` header for the given schemes (any
 * case, as HTTP auth schemes are; any white space around the token), or null when the header
 * is missing or has another form. The header exactly as clients send it ("OAuth abc") is read
 * without a regex match: every request of every API reads it, some twice.
 */
export function schemeTokenReader(schemes: readonly string[]): (authorization: string | undefined) => string | null {
  const full = new RegExp(`^(?:${schemes.join('|')})\\s+(\\S+)\\s*$`, 'i');
  return (authorization) => {
    if (authorization === undefined) return null;
    for (const scheme of schemes) {
      const n = scheme.length;
      if (authorization.charCodeAt(n) === 32 && authorization.startsWith(scheme)) {
        const token = authorization.slice(n + 1);
        if (token !== '' && !WHITE_SPACE.test(token)) return token;
        break;
      }
    }
    const m = full.exec(authorization);
    return m ? m[1]! : null;
  };
}

const WHITE_SPACE = /\s/;
