import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { HearthError, type ConsentState, type DeviceProfile, type Plan, type Rejection, type RoutePolicy, type TaskName } from '@hearth/spec';
import {
  describePlan,
  describeProfile,
  mergeCatalog,
  plan,
  REFERENCE_DEVICES,
  shippedCatalog,
  TASK_NAMES,
  type Catalog,
  type RemoteTarget,
} from '@hearth/sdk/planner';
import { probeNodeDevice } from '@hearth/sdk/node';

export const DOCTOR_USAGE = `hearth doctor [options]

  Prints this machine's device profile and, for each task, the routes Hearth would try (in order)
  and why every other place was skipped.

  --task <name>          one task (${TASK_NAMES.join(', ')}); default all
  --policy <p>           device-only | device-or-self-hosted (default) | any
  --consent <state>      not-asked (default) | pending | granted | denied
  --gateway <url>        the self-hosted gateway's /v1 URL (HEARTH_GATEWAY); default none
  --gateway-model <id>   the model id to ask the gateway for (default: hearth-demo-tiny)
  --device <name>        plan for a reference device instead of this machine (--device list)
  --catalog <file.json>  add the app's own models (an array of catalog entries, or {models})
  --model <id>           consider only these catalog models (repeatable)
  --no-native            skip node-llama-cpp's GPU probe (about 2 s)
  --json                 print {profile, plans} as JSON
`;

/** The catalog with the app's own models from `--catalog`, validated like the shipped ones. */
export async function loadCatalogOption(path: string | undefined): Promise<Catalog> {
  const base = shippedCatalog();
  if (path === undefined) return base;
  const text = await readFile(path, 'utf8').catch((cause: unknown) => {
    throw new HearthError({ code: 'invalid_request', message: `Cannot read the catalog file ${path}.`, cause });
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new HearthError({ code: 'invalid_request', message: `${path} is not JSON.`, cause });
  }
  const entries = Array.isArray(json)
    ? json
    : typeof json === 'object' && json !== null && Array.isArray((json as { models?: unknown }).models)
      ? (json as { models: unknown[] }).models
      : undefined;
  if (!entries) throw new HearthError({ code: 'invalid_request', message: `${path} holds neither an array of models nor {models: [...]}.` });
  return mergeCatalog(base, entries);
}

/** This machine's profile, or a reference device's (`--device`). */
export async function profileOption(device: string | undefined, native: boolean): Promise<{ profile: DeviceProfile; deviceName: string | undefined }> {
  if (device === undefined) return { profile: await probeNodeDevice({ native }), deviceName: undefined };
  const profile = (REFERENCE_DEVICES as Record<string, DeviceProfile>)[device];
  if (!profile) {
    throw new HearthError({
      code: 'invalid_request',
      message: `No reference device "${device}".`,
      hint: `One of: ${Object.keys(REFERENCE_DEVICES).join(', ')}.`,
    });
  }
  return { profile, deviceName: device };
}

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new HearthError({ code: 'invalid_request', message: `--${flag} is "${value}"; use one of ${allowed.join(', ')}.` });
}

/** A plan, or the rejections when nothing fits (the no_route error's data). */
export function planOrRejections(input: Parameters<typeof plan>[0]): { plan: Plan } | { error: HearthError; rejected: Rejection[] } {
  try {
    return { plan: plan(input) };
  } catch (error) {
    const e = HearthError.from(error);
    if (e.code !== 'no_route') throw e;
    return { error: e, rejected: (e.data?.['rejected'] as Rejection[] | undefined) ?? [] };
  }
}

/** `hearth doctor`: this machine's profile and, per task, the plan with every reason. */
export async function doctorCommand(argv: string[], out: NodeJS.WritableStream = process.stdout): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      task: { type: 'string' },
      policy: { type: 'string' },
      consent: { type: 'string' },
      gateway: { type: 'string' },
      'gateway-model': { type: 'string' },
      device: { type: 'string' },
      catalog: { type: 'string' },
      model: { type: 'string', multiple: true },
      'no-native': { type: 'boolean' },
      json: { type: 'boolean' },
    },
  });
  if (values.device === 'list') {
    out.write(`${Object.keys(REFERENCE_DEVICES).join('\n')}\n`);
    return;
  }
  const tasks: TaskName[] = values.task === undefined ? TASK_NAMES : [oneOf('task', values.task, TASK_NAMES, 'chat')];
  const policy = oneOf<RoutePolicy>('policy', values.policy, ['device-only', 'device-or-self-hosted', 'any'], 'device-or-self-hosted');
  const consent = oneOf<ConsentState>('consent', values.consent, ['not-asked', 'pending', 'granted', 'denied'], 'not-asked');
  const gatewayUrl = values.gateway ?? process.env['HEARTH_GATEWAY'];
  const selfHosted: RemoteTarget | undefined = gatewayUrl
    ? { baseUrl: gatewayUrl, model: values['gateway-model'] ?? 'hearth-demo-tiny', name: 'the self-hosted gateway' }
    : undefined;
  const catalog = await loadCatalogOption(values.catalog);
  const { profile, deviceName } = await profileOption(values.device, !values['no-native']);

  const plans = tasks.map((task) => ({
    task,
    ...planOrRejections({ task, profile, catalog, policy, consent, ...(selfHosted ? { selfHosted } : {}), ...(values.model ? { models: values.model } : {}) }),
  }));
  if (values.json) {
    out.write(
      `${JSON.stringify({ device: deviceName ?? 'this machine', profile, plans: plans.map((p) => ('plan' in p ? p.plan : { task: p.task, error: p.error.toJSON() })) }, null, 2)}\n`,
    );
    return;
  }
  out.write(`Device: ${deviceName ? `${deviceName} (reference profile)` : 'this machine'}\n`);
  for (const line of describeProfile(profile)) out.write(`  ${line}\n`);
  out.write(`\nCatalog: ${catalog.models.length} models (${catalog.models.filter((m) => m.demo).length} demo, planned only with --model)\n`);
  for (const p of plans) {
    out.write('\n');
    if ('plan' in p) {
      for (const line of describePlan(p.plan)) out.write(`${line}\n`);
    } else {
      out.write(`${p.task} (policy ${policy}): no route. ${p.error.hint ?? ''}\n`);
      for (const line of describePlan({ planVersion: 1, task: p.task, policy, consent, routes: [], rejected: p.rejected }).slice(2)) out.write(`${line}\n`);
    }
  }
}
