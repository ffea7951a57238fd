import type { ConsentRequest } from '@hearth/sdk';
import { el } from '../dom/el.ts';
import { formatByteCount, type UiStrings } from './ui-strings.ts';

/** One of the planner's reasons, as `plan()` and `availability()` give them (`rejected[].reasons`). */
export interface PlanReason {
  code: string;
  text: string;
}

/** Text with the language it is written in: the planner writes English, the strings may not. */
export interface LocalizedText {
  text: string;
  lang: string;
}

type PlannedRoute = NonNullable<ConsentRequest['route']>;

/**
 * A planner's reason in the strings' language, by its code. A code the strings do not know, or
 * strings that keep the planner's words (English: they are more precise), give the planner's text.
 */
export function localizeReason(reason: PlanReason, t: UiStrings): LocalizedText {
  const localized = t.planReasons?.[reason.code];
  return localized === undefined ? { text: reason.text, lang: 'en' } : { text: localized, lang: t.locale };
}

/** Why a device route was chosen, from the route's own figures where the strings can say it; else the planner's sentence. */
export function localizeRouteReason(route: PlannedRoute | undefined, english: string, t: UiStrings): LocalizedText {
  const say = t.deviceRouteReason;
  if (!say || !route || route.where !== 'device' || route.memoryBytes === undefined || route.tokensPerSecond === undefined)
    return { text: english, lang: 'en' };
  const text = say({
    model: route.modelId,
    ...(route.variantId === undefined ? {} : { variant: route.variantId }),
    engine: route.engine,
    gpu: route.backend === 'webgpu' || route.backend === 'gpu',
    ...(route.threads === undefined ? {} : { threads: route.threads }),
    memory: formatByteCount(route.memoryBytes, t),
    context: route.contextSize.toLocaleString(t.locale),
    tokensPerSecond: Math.round(route.tokensPerSecond.value).toLocaleString(t.locale),
    measured: route.tokensPerSecond.basis === 'measured',
  });
  return { text, lang: t.locale };
}

/**
 * A sentence of the strings with one value put in, that value marked with its own language when it
 * differs (a screen reader then reads the planner's English with an English voice in a French page).
 */
export function sentenceWith(template: (value: string) => string, value: LocalizedText, t: UiStrings): Array<string | Node> {
  if (value.lang === t.locale) return [template(value.text)];
  const marker = '\u0000';
  const [before = '', after = ''] = template(marker).split(marker);
  return [before, el('span', { lang: value.lang }, value.text), after];
}
