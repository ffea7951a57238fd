/** What a device has spent today (UTC day), in ε. */
export interface BudgetRecord {
  day: string;
  spent: number;
}

/** Where a device keeps its daily privacy budget. Synchronous: a report is charged before it is queued. */
export interface BudgetStorage {
  get(): BudgetRecord | undefined;
  set(record: BudgetRecord): void;
}

const KEY = 'hearth.telemetry.budget';

/** localStorage where the page has it (one budget per origin and device), else memory (a Worker, Node). */
export function defaultBudgetStorage(): BudgetStorage {
  try {
    const storage = globalThis.localStorage;
    if (storage) {
      return {
        get: () => {
          const raw = storage.getItem(KEY);
          if (!raw) return undefined;
          const parsed = JSON.parse(raw) as Partial<BudgetRecord>;
          return typeof parsed.day === 'string' && typeof parsed.spent === 'number' ? { day: parsed.day, spent: parsed.spent } : undefined;
        },
        set: (record) => storage.setItem(KEY, JSON.stringify(record)),
      };
    }
  } catch {
    // Storage blocked (privacy settings, an opaque origin): memory below.
  }
  return memoryBudgetStorage();
}

export function memoryBudgetStorage(): BudgetStorage {
  let record: BudgetRecord | undefined;
  return { get: () => record, set: (r) => void (record = r) };
}

/**
 * Charges `epsilon` to today's budget if it fits under `dailyBudget`; false (nothing charged) when
 * today's budget is spent. A new UTC day starts from zero.
 */
export function chargeBudget(storage: BudgetStorage, epsilon: number, dailyBudget: number, now: number): boolean {
  const day = new Date(now).toISOString().slice(0, 10);
  const current = storage.get();
  const spent = current?.day === day ? current.spent : 0;
  // A small tolerance, so four charges of 0.25 fit a budget of 1 despite rounding.
  if (spent + epsilon > dailyBudget + 1e-9) return false;
  storage.set({ day, spent: spent + epsilon });
  return true;
}
