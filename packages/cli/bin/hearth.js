#!/usr/bin/env node
// `npx hearth`: the CLI runs from its TypeScript source through tsx, as the repository's scripts do.
import { register } from 'tsx/esm/api';

register();
await import('../src/bin.ts');
