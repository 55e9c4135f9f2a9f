import { describe, expect, it } from 'vitest';
import { createEmbeddedDataSources } from '../../datasources/embedded';
import { BatchShapeError, checkedDataSources } from '../../datasources/shared/checked';
import type { DataSources } from '../../datasources/types';
import { profile, uid } from './fixtures';

/** An embedded DataSources whose profile store drops unknown ids (the classic batch-shape bug). */
function droppingUnknownProfiles(): DataSources {
  const data = createEmbeddedDataSources();
  const getMany = data.profiles.getMany.bind(data.profiles);
  data.profiles.getMany = async (ids) => (await getMany(ids)).filter((p) => p !== null);
  return data;
}

describe('checkedDataSources (development-mode batch contract)', () => {
  it('passes results of the right shape through unchanged', async () => {
    const data = checkedDataSources(createEmbeddedDataSources());
    const p = profile(uid('p'));
    await data.profiles.upsertMany([p]);
    expect(await data.profiles.getMany([p.id, 'missing', p.id])).toEqual([p, null, p]);
    expect(await data.scores.history('trust', ['a', 'b'], 3)).toEqual([[], []]);
  });

  it('fails loudly, showing keys and values, when a store returns a different length', async () => {
    const data = checkedDataSources(droppingUnknownProfiles());
    const p = profile(uid('p'));
    await data.profiles.upsertMany([p]);
    const error = await data.profiles.getMany(['missing', p.id]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchShapeError);
    const message = (error as Error).message;
    expect(message).toContain('profiles.getMany must return an array of the same length');
    expect(message).toContain('got 1 for 2 keys');
    expect(message).toContain('["missing","' + p.id + '"]');
    expect(message).toContain('"id":"' + p.id + '"');
  });
});
