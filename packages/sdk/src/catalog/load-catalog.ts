import { HearthError } from '@hearth/spec';
import type { z } from 'zod';
import shipped from './models.json' with { type: 'json' };
import { catalogModelSchema, catalogSchema, type Catalog, type CatalogModel } from './catalog-schema.ts';

/**
 * Validates a catalog (the shape of models.json). Throws HearthError `invalid_request` naming the
 * first bad field, e.g. `models[2].variants[0].files[0].sha256: must be 64 lowercase hex digits`.
 *
 * @example const catalog = parseCatalog(await (await fetch('/my-models.json')).json())
 */
export function parseCatalog(value: unknown, origin = 'catalog'): Catalog {
  const result = catalogSchema.safeParse(value);
  if (!result.success) throw catalogError(origin, result.error);
  assertUniqueIds(result.data.models, origin);
  return result.data;
}

/** The catalog Hearth ships (packages/sdk/src/catalog/models.json), validated. */
export function shippedCatalog(): Catalog {
  return parseCatalog(shipped, 'models.json');
}

export interface MergeCatalogOptions {
  /** Let app entries replace shipped ones with the same id (default: a duplicate is an error). */
  replace?: boolean;
}

/**
 * Adds an app's own models (a fine-tuned GGUF, a model it serves itself) to a catalog, validated
 * exactly as the shipped entries are. Returns a new catalog; the inputs are not changed.
 *
 * @example const catalog = mergeCatalog(shippedCatalog(), [myModel])
 */
export function mergeCatalog(base: Catalog, entries: readonly unknown[], options: MergeCatalogOptions = {}): Catalog {
  const added: CatalogModel[] = entries.map((entry, i) => {
    const result = catalogModelSchema.safeParse(entry);
    if (!result.success) throw catalogError(`app models[${i}]`, result.error);
    return result.data;
  });
  assertUniqueIds(added, 'app models');
  const ids = new Set(added.map((m) => m.id));
  const clashes = base.models.filter((m) => ids.has(m.id)).map((m) => m.id);
  if (clashes.length > 0 && !options.replace) {
    throw new HearthError({
      code: 'invalid_request',
      message: `The app's catalog entries reuse ids already in the catalog: ${clashes.join(', ')}.`,
      hint: 'Give your models their own ids, or pass { replace: true } to replace the shipped entries.',
      data: { field: 'id', ids: clashes },
    });
  }
  return { catalogVersion: 1, models: [...base.models.filter((m) => !ids.has(m.id)), ...added] };
}

function assertUniqueIds(models: readonly CatalogModel[], origin: string): void {
  const seen = new Set<string>();
  for (const [i, model] of models.entries()) {
    if (seen.has(model.id)) {
      throw new HearthError({
        code: 'invalid_request',
        message: `${origin}: models[${i}].id "${model.id}" appears twice.`,
        hint: 'Each model id must be unique.',
        data: { field: `models[${i}].id` },
      });
    }
    seen.add(model.id);
  }
}

function catalogError(origin: string, error: z.ZodError): HearthError {
  const issue = error.issues[0];
  const field = issue ? formatPath(issue.path) : '';
  const message = issue ? `${origin}: ${field || '(root)'}: ${issue.message}` : `${origin} is not a valid catalog.`;
  return new HearthError({
    code: 'invalid_request',
    message,
    hint: 'Fix the entry; packages/sdk/src/catalog/catalog-schema.ts describes every field.',
    data: { field, issues: error.issues.slice(0, 10).map((i) => ({ field: formatPath(i.path), message: i.message })) },
  });
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `${out === '' ? '' : '.'}${String(key)}`;
  return out;
}
