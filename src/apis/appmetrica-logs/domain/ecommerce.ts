import type { FieldGen, GenContext, Row } from './fields.js';
import { intText } from './int-text.js';

/**
 * The fields of ecommerce_events (ref/ecommerce_events.md, endpoints.md). Each row is one
 * e-commerce event; which parts of it are filled follows its `ecom_type` (a screen is shown, a
 * product card or its details, a cart item added or removed, a checkout begun or a purchase),
 * and the parts it has not are empty the way the docs' example shows them: `""`, `0` for
 * amounts, `{}` for payloads, `[]` for lists.
 *
 * Every value is a string, as in the other tables. The docs' example response shows bare
 * numbers, objects and arrays here, and a device id rounded through a double
 * (`383777566819598200`): the research notes read it as an example re-typed by a pretty-printer,
 * not the wire. So amounts are decimal text, payloads JSON text, lists JSON text (README, "Known
 * differences").
 */

const ECOM_TYPES = ['show_screen', 'show_product_card', 'show_product_details', 'add_cart_item', 'remove_cart_item', 'begin_checkout', 'purchase'] as const;
type EcomType = (typeof ECOM_TYPES)[number];
type Part = 'screen' | 'product' | 'cart' | 'order' | 'referrer';

const PARTS: Readonly<Record<EcomType, readonly Part[]>> = {
  show_screen: ['screen'],
  show_product_card: ['screen', 'product'],
  show_product_details: ['product', 'referrer'],
  add_cart_item: ['product', 'cart'],
  remove_cart_item: ['product', 'cart'],
  begin_checkout: ['product', 'cart', 'order'],
  purchase: ['product', 'cart', 'order'],
};

const CURRENCIES = ['RUB', 'USD', 'EUR'] as const;
const SCREENS = ['catalog', 'product', 'cart', 'search'] as const;
const CATEGORIES = [
  ['Catalog', 'Shoes', 'Sneakers'],
  ['Catalog', 'Books', 'Novels'],
  ['Catalog', 'Toys'],
] as const;

const typeOf = (row: Row): EcomType => ECOM_TYPES[row.r % ECOM_TYPES.length]!;
const has = (row: Row, part: Part) => PARTS[typeOf(row)].includes(part);

/** The product of a row: one of 500, its category, original price and discount. */
const sku = (row: Row) => row.r2 % 500;
const originalPrice = (row: Row) => 100 + (sku(row) % 90) * 10;
const actualPrice = (row: Row) => (sku(row) % 3 === 0 ? originalPrice(row) * 0.9 : originalPrice(row));
const quantity = (row: Row) => 1 + ((row.r2 >>> 9) % 3);
const money = (n: number) => n.toFixed(2);

/** The generator of an ecommerce field, or undefined for a field all tables share. */
export function ecommerceGenerator(field: string, _ctx: GenContext): FieldGen | undefined {
  const level = /^ecom_(screen|product)_category_path_(\d+)$/.exec(field);
  if (level) {
    const part = level[1] as 'screen' | 'product';
    const i = Number(level[2]) - 1;
    return (row) => (has(row, part) ? (CATEGORIES[sku(row) % CATEGORIES.length]![i] ?? '') : '');
  }
  const currency = (row: Row) => CURRENCIES[(row.r >>> 4) % CURRENCIES.length]!;
  switch (field) {
    case 'ecom_type':
      return typeOf;
    case 'event_name':
      // The docs' example row has an empty event_name: e-commerce events are not named.
      return () => '';
    case 'event_json':
      return () => '';
    case 'ecom_screen_name':
      return (row) => (has(row, 'screen') ? SCREENS[row.r2 % SCREENS.length]! : '');
    case 'ecom_screen_search_query':
      return (row) => (has(row, 'screen') && row.r2 % SCREENS.length === 3 ? ['sneakers', 'novel, paperback', 'toy car'][sku(row) % 3]! : '');
    case 'ecom_screen_payload':
      return (row) => (has(row, 'screen') ? `{"full_screen":"${row.r2 % 2 === 0 ? 'true' : 'false'}"}` : '{}');
    case 'ecom_product_name':
      return (row) => (has(row, 'product') ? `Product ${sku(row)}` : '');
    case 'ecom_product_sku':
      return (row) => (has(row, 'product') ? intText(100_000 + sku(row)) : '');
    case 'ecom_product_promocodes':
      return (row) => (has(row, 'product') && sku(row) % 7 === 0 ? '["SPRING10"]' : '[]');
    case 'ecom_product_payload':
      return (row) => (has(row, 'product') ? `{"color":"${['red', 'black', 'white'][sku(row) % 3]}"}` : '{}');
    case 'ecom_product_actual_price_fiat_unit_type':
    case 'ecom_product_original_price_fiat_unit_type':
      return (row) => (has(row, 'product') ? currency(row) : '');
    case 'ecom_product_actual_price_fiat_value':
      return (row) => (has(row, 'product') ? money(actualPrice(row)) : '0');
    case 'ecom_product_original_price_fiat_value':
      return (row) => (has(row, 'product') ? money(originalPrice(row)) : '0');
    case 'ecom_product_actual_price_internal_components':
    case 'ecom_product_original_price_internal_components':
    case 'ecom_cart_item_internal_components':
      return (row) => (has(row, 'product') && sku(row) % 5 === 0 ? '[{"bonus_points":25}]' : '[]');
    case 'ecom_cart_item_price_fiat_unit_type':
      return (row) => (has(row, 'cart') ? currency(row) : '');
    case 'ecom_cart_item_price_fiat_value':
      return (row) => (has(row, 'cart') ? money(actualPrice(row) * quantity(row)) : '0');
    case 'ecom_cart_item_quantity':
      return (row) => (has(row, 'cart') ? intText(quantity(row)) : '0');
    case 'ecom_referrer_type':
      return (row) => (has(row, 'referrer') ? 'screen' : '');
    case 'ecom_referrer_id':
      return (row) => (has(row, 'referrer') ? intText(1 + (row.r2 % SCREENS.length)) : '');
    case 'ecom_order_id':
      return (row) => (has(row, 'order') ? intText(500_000 + (row.r % 500_000)) : '');
    case 'ecom_order_payload':
      return (row) => (has(row, 'order') ? `{"delivery":"${row.r2 % 2 === 0 ? 'courier' : 'pickup'}"}` : '{}');
    // endpoints.md's description table (from the Data Stream's fields).
    case 'certificate_verification_status':
      return (row) => {
        if (row.dev.os !== 'android') return 'unsupported_operating_system';
        const x = (row.r >>> 12) % 20;
        return x === 0 ? 'invalid' : x === 1 ? 'empty_event_certificate' : x < 4 ? 'unknown' : 'valid';
      };
    case 'event_source':
      return (row) => ((row.r >>> 20) % 20 === 0 ? 'import_api' : 'sdk');
    case 'country':
      return (row) => row.dev.countryName;
    case 'district':
      return (row) => row.dev.district;
    case 'area':
      return (row) => row.dev.area;
    default:
      return undefined;
  }
}
