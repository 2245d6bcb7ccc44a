import { hashString } from '../../../core/random.js';

/**
 * What Toloka knows of a Toloker (docs: UserMetadataViewV1, `GET /user-metadata/{user_id}`), and
 * the global skills every requester's filters may name: the verified-language skills, value 100
 * for a language the Toloker passed the test in (their ids are Toloka's, as toloka-kit's
 * `Languages.VERIFIED_LANGUAGES_TO_SKILLS` has them: `Languages.in_('EN', verified=True)` is
 * "languages IN EN and skill 26366 = 100").
 *
 * The stand's Tolokers get a profile made from their id and the seed (the same in every run of a
 * seed): a country and its language, English for most, a device. A fixture's Toloker keeps the
 * fixture's country.
 */
export interface Profile {
  readonly id: string;
  readonly country: string;
  readonly languages: readonly string[];
  readonly attributes: {
    readonly country_by_phone: string;
    readonly country_by_ip: string;
    readonly client_type: 'TOLOKA_APP' | 'BROWSER';
    readonly user_agent_type: 'OTHER' | 'BROWSER';
    readonly device_category: 'SMARTPHONE' | 'PERSONAL_COMPUTER';
    readonly os_family: string;
    readonly os_version: number;
    readonly os_version_major: number;
    readonly os_version_minor: number;
    readonly os_version_bugfix: number;
  };
  readonly adult_allowed: boolean;
  /** Languages whose test the Toloker passed (the global verified-language skills). */
  readonly verified: readonly string[];
}

/**
 * Countries of the stand's Tolokers, their language and their share in a hundred (ISO 3166 and
 * ISO 639-1, upper case, as Toloka writes them). Russian speakers weigh most, as in Toloka's
 * crowd (it began as Yandex.Toloka): ten Tolokers all without Russian would be about 1 in 90.
 */
const COUNTRIES: readonly (readonly [string, string, number])[] = [
  ['RU', 'RU', 30],
  ['KZ', 'RU', 6],
  ['UA', 'UK', 6],
  ['US', 'EN', 8],
  ['IN', 'EN', 10],
  ['GB', 'EN', 4],
  ['DE', 'DE', 5],
  ['FR', 'FR', 5],
  ['ES', 'ES', 5],
  ['BR', 'PT', 6],
  ['TR', 'TR', 7],
  ['ID', 'ID', 8],
];

/** The country of a draw in [0, 100). */
function countryAt(n: number): readonly [string, string, number] {
  for (const c of COUNTRIES) {
    if (n < c[2]) return c;
    n -= c[2];
  }
  return COUNTRIES[0]!;
}

/** Toloka's global skills of a verified language (toloka-kit filter.py), by skill id. */
export const VERIFIED_LANGUAGE_SKILLS: Readonly<Record<string, string>> = {
  '30724': 'AR',
  '26377': 'DE',
  '26366': 'EN',
  '32346': 'ES',
  '26711': 'FR',
  '44954': 'HE',
  '54378': 'HU',
  '39821': 'ID',
  '26513': 'JA',
  '26714': 'PT',
  '26296': 'RU',
  '29789': 'SV',
  '48836': 'UK',
  '44742': 'ZH-HANS',
};

/** Devices: client type, user agent, device, OS and its major versions to draw from. */
const DEVICES = [
  { client_type: 'TOLOKA_APP', user_agent_type: 'OTHER', device_category: 'SMARTPHONE', os_family: 'ANDROID', versions: [10, 11, 12, 13, 14] },
  { client_type: 'TOLOKA_APP', user_agent_type: 'OTHER', device_category: 'SMARTPHONE', os_family: 'IOS', versions: [15, 16, 17] },
  { client_type: 'BROWSER', user_agent_type: 'BROWSER', device_category: 'PERSONAL_COMPUTER', os_family: 'WINDOWS', versions: [10, 11] },
  { client_type: 'BROWSER', user_agent_type: 'BROWSER', device_category: 'PERSONAL_COMPUTER', os_family: 'OS_X', versions: [13, 14] },
  { client_type: 'BROWSER', user_agent_type: 'BROWSER', device_category: 'PERSONAL_COMPUTER', os_family: 'LINUX', versions: [6] },
] as const;

/** A Toloker's profile, from their id and the seed; `country` overrides the drawn one (a fixture's). */
export function profileOf(id: string, seed: number, country?: string): Profile {
  const draw = (what: string, n: number) => hashString(`toloka profile ${what} ${id}`, seed) % n;
  const [drawnCountry, native] = countryAt(draw('country', 100));
  const home = country ?? drawnCountry;
  const language = country === undefined ? native : (COUNTRIES.find(([c]) => c === country)?.[1] ?? 'EN');
  // English for most: its speakers, and four in five of the others.
  const languages = language === 'EN' || draw('english', 5) === 0 ? [language] : [language, 'EN'];
  const device = DEVICES[draw('device', DEVICES.length)]!;
  const major = device.versions[draw('os', device.versions.length)]!;
  return {
    id,
    country: home,
    languages,
    attributes: {
      country_by_phone: home,
      country_by_ip: home,
      client_type: device.client_type,
      user_agent_type: device.user_agent_type,
      device_category: device.device_category,
      os_family: device.os_family,
      os_version: major,
      os_version_major: major,
      os_version_minor: 0,
      os_version_bugfix: 0,
    },
    adult_allowed: draw('adult', 7) !== 0,
    // Three in four passed the test of each of their languages.
    verified: languages.filter((l) => draw(`verified ${l}`, 4) !== 0),
  };
}

/** A global skill's value for this Toloker (100 for a verified language), undefined when they do not have it or it is no global skill. */
export function globalSkill(profile: Profile, skillId: string): number | undefined {
  const language = Object.hasOwn(VERIFIED_LANGUAGE_SKILLS, skillId) ? VERIFIED_LANGUAGE_SKILLS[skillId] : undefined;
  return language !== undefined && profile.verified.includes(language) ? 100 : undefined;
}

/** A profile field a pool filter's condition names (`profile` and `computed` keys), undefined for one the stand's Tolokers do not have. */
export function profileValue(profile: Profile, key: string): string | number | boolean | readonly string[] | undefined {
  switch (key) {
    case 'country':
    case 'citizenship':
      return profile.country;
    case 'languages':
      return profile.languages;
    case 'adult_allowed':
      return profile.adult_allowed;
    case 'client_type':
    case 'user_agent_type':
    case 'device_category':
    case 'os_family':
    case 'os_version':
    case 'os_version_major':
    case 'os_version_minor':
    case 'os_version_bugfix':
      return profile.attributes[key];
    default:
      return undefined;
  }
}
