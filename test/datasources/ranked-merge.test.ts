import { describe, expect, it } from 'vitest';
import { EmbeddedProfileStore } from '../../datasources/embedded/profiles';
import { EmbeddedScoreStore } from '../../datasources/embedded/scores';
import type { RankingPart, RankingWrite } from '../../datasources/shared/ranking-entries';
import {
  mergeRankingRefreshes,
  RankedProfiles,
  RankedScores,
  type RankingRefresher,
} from '../../datasources/shared/ranked';
import { profile, score } from './fixtures';

/** A refresher that records what it was asked (the wrappers' side of the contract). */
class RecordingRefresher implements RankingRefresher {
  readonly calls: {
    kolIds: string[];
    parts: RankingPart[];
    writes: Map<string, RankingWrite['part'][]>;
  }[] = [];

  async refresh(
    kolIds: readonly string[],
    parts: readonly RankingPart[],
    writes?: ReadonlyMap<string, readonly RankingWrite[]>,
  ): Promise<void> {
    const writtenParts = new Map<string, RankingWrite['part'][]>();
    for (const [id, list] of writes ?? []) {
      writtenParts.set(
        id,
        list.map((w) => w.part),
      );
    }
    this.calls.push({ kolIds: [...kolIds], parts: [...parts], writes: writtenParts });
  }
}

function stores() {
  const rankings = new RecordingRefresher();
  return {
    rankings,
    profiles: new RankedProfiles(new EmbeddedProfileStore(), rankings),
    scores: new RankedScores(new EmbeddedScoreStore(), rankings),
  };
}

describe('mergeRankingRefreshes', () => {
  it('turns the refreshes of a score write and a profile write into one, after both', async () => {
    const { rankings, profiles, scores } = stores();
    const result = await mergeRankingRefreshes(async (refreshes) => {
      await scores.put([score('a', 'trust', 70, new Date()), score('b', 'trust', 40, new Date())], {
        refreshes,
      });
      expect(rankings.calls).toHaveLength(0);
      return profiles.upsertMany([profile('a'), profile('b')], { refreshes });
    });
    expect(result.applied).toEqual(['a', 'b']);
    expect(rankings.calls).toHaveLength(1);
    const [call] = rankings.calls;
    expect(call?.kolIds.sort()).toEqual(['a', 'b']);
    expect(call?.writes.get('a')).toEqual(['trust', 'profile']);
    expect(call?.writes.get('b')).toEqual(['trust', 'profile']);
  });

  it('leaves writes not given the group, made at the same time, to refresh at once', async () => {
    const { rankings, profiles, scores } = stores();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const merged = mergeRankingRefreshes(async (refreshes) => {
      await scores.put([score('inside', 'trust', 70, new Date())], { refreshes });
      await held;
    });
    await profiles.upsertMany([profile('outside')]);
    expect(rankings.calls.map((c) => c.kolIds)).toEqual([['outside']]);
    release();
    await merged;
    expect(rankings.calls.map((c) => c.kolIds)).toEqual([['outside'], ['inside']]);
  });

  it('still refreshes what was written when the group fails half way', async () => {
    const { rankings, scores } = stores();
    await expect(
      mergeRankingRefreshes(async (refreshes) => {
        await scores.put([score('a', 'trust', 70, new Date())], { refreshes });
        throw new Error('profile write failed');
      }),
    ).rejects.toThrow('profile write failed');
    expect(rankings.calls.map((c) => [c.kolIds, [...c.writes.keys()]])).toEqual([[['a'], ['a']]]);
  });
});
