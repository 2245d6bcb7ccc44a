import { Random, hashString } from '../../../core/random.js';
import type { AppFixture } from '../fixtures.js';

/** One device of an application: every row from it carries the same ids and hardware. */
export interface Device {
  os: 'android' | 'ios' | 'windows';
  osVersion: string;
  manufacturer: string;
  model: string;
  /** The factory model (`original_device_model`, presets.yaml: "Factory model of the device"; the ref examples pair "iPhone X" with "iPhone10,3"). */
  factoryModel: string;
  type: 'phone' | 'tablet';
  locale: string;
  city: string;
  /** ISO 3166-1 alpha-2 (`country_iso_code`). */
  country: string;
  /** Names of the country, its district and area (ecommerce's `country`, `district`, `area`, as the Data Stream names them). */
  countryName: string;
  district: string;
  area: string;
  mcc: string;
  mnc: string;
  operator: string;
  /** presets.yaml `connection_type`: wifi, cell or unknown. */
  connection: 'wifi' | 'cell' | 'unknown';
  appmetricaDeviceId: string;
  installationId: string;
  profileId: string;
  googleAid: string;
  oaid: string;
  iosIfa: string;
  iosIfv: string;
  windowsAid: string;
  androidId: string;
  ipv6: string;
  appVersion: string;
  buildNumber: string;
  pushToken: string;
  /** The profile's first update (UTC ms) and the time between its updates: profiles' version and update time. */
  profileFirst: number;
  profileEvery: number;
  /** When the device's first session was (UTC ms): a profile's `appmetrica_first_session_date`. */
  firstSession: number;
  /** A 32-bit hash for the device's other stable traits (a profile's gender, age, name). */
  trait: number;
}

const MODELS = {
  android: [
    ['Samsung', 'Galaxy S23', 'phone', 'SM-S911B'],
    ['Samsung', 'Galaxy Tab S9', 'tablet', 'SM-X710'],
    ['Xiaomi', 'Redmi Note 12', 'phone', '23021RAAEG'],
    ['Google', 'Pixel 8', 'phone', 'Pixel 8'],
    ['HUAWEI', 'P40 lite', 'phone', 'JNY-LX1'],
    ['OnePlus', 'Nord 3', 'phone', 'CPH2493'],
  ],
  ios: [
    ['Apple', 'iPhone 14', 'phone', 'iPhone14,7'],
    ['Apple', 'iPhone 15 Pro', 'phone', 'iPhone16,1'],
    ['Apple', 'iPhone SE', 'phone', 'iPhone14,6'],
    ['Apple', 'iPad Air', 'tablet', 'iPad13,16'],
  ],
  windows: [['Microsoft', 'Surface Pro 9', 'tablet', 'Surface Pro 9']],
} as const;

/** Wi-Fi 69%, cellular 29%, unknown 2% (presets.yaml lists `unknown`): one draw, as before `unknown`. */
function connectionOf(x: number): Device['connection'] {
  return x < 0.69 ? 'wifi' : x < 0.98 ? 'cell' : 'unknown';
}

const OS_VERSIONS = { android: ['11', '12', '13', '14'], ios: ['16.6', '17.4', '17.5.1', '18.0'], windows: ['10', '11'] } as const;

/** city, country, locale, mcc, [mnc, operator]..., [country name, district, area] */
const PLACES = [
  ['Moscow', 'RU', 'ru_RU', '250', [['1', 'MTS'], ['2', 'MegaFon'], ['99', 'Beeline']], ['Russia', 'Central Federal District', 'Moscow']],
  ['Saint Petersburg', 'RU', 'ru_RU', '250', [['1', 'MTS'], ['20', 'Tele2']], ['Russia', 'Northwestern Federal District', 'Saint Petersburg']],
  ['Yekaterinburg', 'RU', 'ru_RU', '250', [['2', 'MegaFon']], ['Russia', 'Ural Federal District', 'Sverdlovsk Oblast']],
  ['Kazan', 'RU', 'ru_RU', '250', [['99', 'Beeline']], ['Russia', 'Volga Federal District', 'Republic of Tatarstan']],
  ['Minsk', 'BY', 'be_BY', '257', [['1', 'A1']], ['Belarus', 'Minsk', 'Minsk']],
  ['Almaty', 'KZ', 'kk_KZ', '401', [['1', 'Beeline KZ']], ['Kazakhstan', 'Almaty', 'Almaty']],
  ['Berlin', 'DE', 'de_DE', '262', [['1', 'Telekom']], ['Germany', 'Berlin', 'Berlin']],
] as const;

const DAY_MS = 86_400_000;
/** Profiles start updating some time in 2025 (a fixed year: the same device has the same history in every export). */
const PROFILES_FROM = Date.UTC(2025, 0, 1);

function pick<const T>(r: Random, list: readonly T[]): T {
  return list[r.u32() % list.length]!;
}

/** A profile's history: first update in 2025, then one every 1-30 days; the first session a few days before. */
function profileHistory(r: Random): Pick<Device, 'profileFirst' | 'profileEvery' | 'firstSession' | 'trait'> {
  const profileFirst = PROFILES_FROM + (r.u32() % (364 * 86_400)) * 1000;
  return {
    profileFirst,
    profileEvery: (1 + (r.u32() % 30)) * DAY_MS,
    firstSession: profileFirst - (r.u32() % (30 * 86_400)) * 1000,
    trait: r.u32(),
  };
}

function uuidUpper(r: Random): string {
  return r.uuid().toUpperCase();
}

/** Devices of one app, made on first use from the seed and kept (a few thousand per app). */
export class DeviceBook {
  readonly #app: AppFixture;
  readonly #seed: number;
  readonly #cache: (Device | undefined)[] = [];
  readonly #osWeights: [Device['os'], number][];

  constructor(app: AppFixture, seed: number) {
    this.#app = app;
    this.#seed = hashString(`devices:${app.id}`, seed);
    const total = app.platforms.android + app.platforms.ios + app.platforms.windows;
    let acc = 0;
    this.#osWeights = (['android', 'ios', 'windows'] as const).map((os) => {
      acc += app.platforms[os] / total;
      return [os, acc];
    });
  }

  /** Devices are made on first use; apps with more than 200,000 devices re-make the rest each time. */
  get(index: number): Device {
    let d = this.#cache[index];
    if (!d) {
      d = this.#make(index);
      if (index < 200_000) this.#cache[index] = d;
    }
    return d;
  }

  #make(index: number): Device {
    const r = new Random(this.#seed ^ Math.imul(index + 1, 0x9e3779b1));
    const x = r.float();
    const os = this.#osWeights.find(([, w]) => x < w)?.[0] ?? 'android';
    const models: readonly (readonly [string, string, 'phone' | 'tablet', string])[] = MODELS[os];
    const [manufacturer, model, type, factoryModel] = pick(r, models);
    const [city, country, locale, mcc, operators, [countryName, district, area]] = pick(r, PLACES);
    const [mnc, operator] = pick<readonly [string, string]>(r, operators);
    const hi = BigInt(r.u32());
    const lo = BigInt(r.u32());
    const version = r.u32() % this.#app.appVersions.length;
    return {
      os,
      osVersion: pick(r, OS_VERSIONS[os]),
      manufacturer,
      model,
      factoryModel,
      type,
      locale,
      // One device in 40 has no city (unresolved: a real events.json answer shows "city":"").
      city: lo % 40n === 0n ? '' : city,
      country,
      countryName,
      district,
      area,
      mcc,
      mnc,
      operator,
      connection: connectionOf(r.float()),
      // uint64, often above 2^63: one more reason the API sends every value as a string.
      appmetricaDeviceId: ((hi << 32n) | lo).toString(),
      installationId: r.hex(32),
      profileId: r.float() < 0.5 ? `user${r.u32() % 1_000_000}` : '',
      googleAid: os === 'android' ? r.uuid() : '',
      oaid: os === 'android' && manufacturer === 'HUAWEI' ? r.uuid() : '',
      iosIfa: os === 'ios' ? uuidUpper(r) : '',
      iosIfv: os === 'ios' ? uuidUpper(r) : '',
      windowsAid: os === 'windows' ? r.uuid() : '',
      androidId: os === 'android' ? r.hex(16) : '',
      ipv6: `::ffff:${(r.u32() % 200) + 20}.${r.u32() % 256}.${r.u32() % 256}.${(r.u32() % 254) + 1}`,
      appVersion: this.#app.appVersions[version]!,
      buildNumber: String(1000 + version * 17),
      pushToken: os === 'ios' ? r.hex(64) : `${r.hex(11)}:APA91b${r.hex(60)}`,
      ...profileHistory(r),
    };
  }
}
