import { describe, expect, it } from 'vitest';
import { StopSequenceFilter } from './stop-sequences.ts';

function run(stops: string[], chunks: string[]): { out: string; stopped: boolean } {
  const f = new StopSequenceFilter(stops);
  let out = '';
  for (const c of chunks) out += f.push(c);
  out += f.flush();
  return { out, stopped: f.stopped };
}

describe('StopSequenceFilter', () => {
  it('passes text through when there are no stops', () => {
    expect(run([], ['a', 'b'])).toEqual({ out: 'ab', stopped: false });
  });
  it('cuts at a stop split across chunks and never emits its start', () => {
    const f = new StopSequenceFilter(['END']);
    expect(f.push('hello E')).toBe('hello ');
    expect(f.push('N')).toBe('');
    expect(f.push('D tail')).toBe('');
    expect(f.stopped).toBe(true);
  });
  it('releases a held prefix that turned out not to be a stop', () => {
    expect(run(['END'], ['x E', 'nd'])).toEqual({ out: 'x End', stopped: false });
  });
  it('picks the earliest of several stops', () => {
    expect(run(['bb', 'a'], ['xxbba'])).toEqual({ out: 'xx', stopped: true });
  });
});
