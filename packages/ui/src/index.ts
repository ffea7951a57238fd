// Hearth's web components: no framework, plain HTML, React or Vue alike; themed with CSS custom
// properties (theme/hearth-theme.ts); strings in English and French (i18n/ui-strings.ts).
export { WhereRanBadge, defineWhereRanBadge, type WhereRan } from './where-ran/where-ran-badge.ts';
export { HearthConsentElement, defineHearthConsent, type ConsentPromptOptions } from './consent/hearth-consent.ts';
export { HearthProgressElement, defineHearthProgress, type ProgressFigures, type ProgressState } from './progress/hearth-progress.ts';
export { HearthAssistElement, defineHearthAssist } from './assist/hearth-assist.ts';
export type { AssistProvider, RewriteHow } from './assist/assist-provider.ts';
export { hearthAssistProvider, type HearthAssistProviderOptions } from './assist/hearth-assist-provider.ts';
export { InstantProofreader, type InstantProofreaderOptions } from './proofread/instant-proofreader.ts';
export type { HunspellDictionary } from './proofread/harper-protocol.ts';
export { mergeSuggestions, applySuggestion, shiftAfter, type ProofSuggestion, type SuggestionSource } from './proofread/proof-suggestion.ts';
export { EN, FR, stringsFor, formatByteCount, type UiStrings, type DeviceRouteFacts } from './i18n/ui-strings.ts';
export { localizeReason, localizeRouteReason, sentenceWith, type PlanReason, type LocalizedText } from './i18n/plan-reasons.ts';
export { adoptHearthTheme } from './theme/hearth-theme.ts';
export * from './render/index.ts';

import { defineHearthAssist } from './assist/hearth-assist.ts';
import { defineHearthConsent } from './consent/hearth-consent.ts';
import { defineHearthProgress } from './progress/hearth-progress.ts';
import { defineWhereRanBadge } from './where-ran/where-ran-badge.ts';

/** Defines all four elements under their default names. */
export function defineHearthElements(): void {
  defineHearthConsent();
  defineHearthProgress();
  defineWhereRanBadge();
  defineHearthAssist();
}
