import type { ProofSuggestion } from './proof-suggestion.ts';

/** A Hunspell dictionary's two files, as text (posted to the Worker once per language). */
export interface HunspellDictionary {
  aff: string;
  dic: string;
}

export type ToHarperWorker =
  | { id: number; type: 'warm' }
  | { id: number; type: 'dictionary'; lang: string; dictionary: HunspellDictionary }
  | { id: number; type: 'check'; text: string; lang: string };

export type FromHarperWorker =
  { id: number; ok: true; suggestions: ProofSuggestion[]; ms: number } | { id: number; ok: false; error: { code: string; message: string } };
