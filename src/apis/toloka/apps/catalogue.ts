/**
 * The solutions (apps) every account may make projects of. Their ids, names, specs, parameters
 * and prices follow the Apps docs' quickstart (`en/toloka-apps/api/concepts/quickstart-api.md`:
 * "Text Classification", 2eN4l59qL2xHB5b8Jqp6, $0.07 an item) and the OAS item examples (a
 * search-relevance item of `id`, `query`, `website_url`). What each one answers for an item is
 * the stand's: a class of the project's own, drawn from the item and the seed.
 */
import type { FieldSpec } from '../fixtures.js';

export interface AppDefinition {
  readonly id: string;
  readonly name: string;
  readonly image: string;
  readonly description: string;
  readonly examples: readonly { name: string }[];
  readonly constraints_description: string;
  /** OAS AppResult.param_spec: a JSON Schema of the project `parameters` under `fields`. */
  readonly param_spec: { fields: { type: 'object'; required: readonly string[]; properties: Record<string, unknown> } };
  readonly input_spec: Readonly<Record<string, FieldSpec>>;
  readonly output_spec: Readonly<Record<string, FieldSpec>>;
  readonly input_format_info: Record<string, unknown>;
  readonly default_item_price: number;
  /** The classes a project of it labels with, from its parameters (the first when none are given). */
  readonly classes: (parameters: Record<string, unknown>) => readonly string[];
  /** An item's `output_data`, given the class chosen and a confidence. */
  readonly output: (input: Record<string, unknown>, label: string, confidence: number) => Record<string, unknown>;
}

const field = (type: FieldSpec['type'], required: boolean): FieldSpec => ({ type, required, hidden: false });

/** The `value`s of `instruction_classes` ([{label, value, description}], the quickstart's parameters). */
function classValues(parameters: Record<string, unknown>, fallback: readonly string[]): readonly string[] {
  const list = parameters.instruction_classes;
  const values = Array.isArray(list) ? list.map((c) => (c !== null && typeof c === 'object' ? (c as Record<string, unknown>).value : undefined)).filter((v): v is string => typeof v === 'string' && v !== '') : [];
  return values.length > 0 ? values : fallback;
}

const CLASS_SCHEMA = {
  type: 'array',
  minItems: 2,
  items: { type: 'object', required: ['label', 'value'], properties: { label: { type: 'string' }, value: { type: 'string' }, description: { type: 'string' } } },
};

export const APPS: readonly AppDefinition[] = [
  {
    id: '2eN4l59qL2xHB5b8Jqp6',
    name: 'Text Classification',
    image: 'https://example.com/apps/text-classification.png',
    description: 'This solution helps you classify texts: reviews, comments, ads, search queries. Tolokers choose the class that fits each text.',
    examples: [{ name: 'Evaluate the sentiment of a review' }, { name: 'Select a category for an ad' }],
    constraints_description: 'For tasks with a single response, you can specify up to 12 classes.',
    param_spec: {
      fields: {
        type: 'object',
        required: ['default_language', 'name', 'option_multiple_choice', 'option_other', 'instruction_classes', 'instruction_examples', 'instruction_intro'],
        properties: {
          name: { type: 'string' },
          default_language: { type: 'string' },
          option_multiple_choice: { type: 'boolean' },
          option_other: { type: 'boolean' },
          instruction_intro: { type: 'string' },
          instruction_classes: CLASS_SCHEMA,
          instruction_examples: { type: 'array', items: { type: 'object' } },
        },
      },
    },
    input_spec: { id: field('string', false), text: field('string', true) },
    output_spec: { result: field('array_string', true), confidence: field('float', false) },
    input_format_info: {
      input_fields: [
        { name: 'text', description: 'Text' },
        { name: 'id', description: 'Optional identificator' },
      ],
      format_description: 'Prepare data in TSV-file: Single file for all your data',
    },
    default_item_price: 0.07,
    classes: (p) => classValues(p, ['OK']),
    output: (input, label, confidence) => ({ text: input.text, result: [label], confidence }),
  },
  {
    id: '9lZaMl363jahzra1rrYq',
    name: 'Search Relevance',
    image: 'https://example.com/apps/search-relevance.png',
    description: 'This solution helps you evaluate how well web pages answer search queries.',
    examples: [{ name: 'Evaluate search results for a query' }],
    constraints_description: 'One query and one page in each item.',
    param_spec: {
      fields: {
        type: 'object',
        required: ['default_language', 'name', 'instruction_intro'],
        properties: { name: { type: 'string' }, default_language: { type: 'string' }, instruction_intro: { type: 'string' }, instruction_classes: CLASS_SCHEMA },
      },
    },
    input_spec: { id: field('string', false), query: field('string', true), website_url: field('url', true) },
    output_spec: { result: field('string', true), confidence: field('float', false) },
    input_format_info: {
      input_fields: [
        { name: 'query', description: 'Search query' },
        { name: 'website_url', description: 'Link to the page' },
        { name: 'id', description: 'Optional identificator' },
      ],
      format_description: 'Prepare data in TSV-file: Single file for all your data',
    },
    default_item_price: 0.05,
    classes: (p) => classValues(p, ['relevant', 'partially_relevant', 'irrelevant']),
    output: (_input, label, confidence) => ({ result: label, confidence }),
  },
];

export function appById(id: string): AppDefinition | undefined {
  return APPS.find((a) => a.id === id);
}
