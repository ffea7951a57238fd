// The French Hunspell dictionary (npm dictionary-fr), bundled as text in a script chunk loaded on
// first use: the page's CSP lets it load scripts from its own origin but fetch nothing there.
import aff from 'hearth-dictionary-fr/index.aff?raw';
import dic from 'hearth-dictionary-fr/index.dic?raw';

export const french = { aff, dic };
