import type Redis from 'ioredis';
import {
  IndexNotBuiltError,
  type BackendPage,
  type IndexRecord,
  type RankingIndexBackend,
  type ScoredEntry,
} from '../shared/ranking-index';
import type { KeysetRequest } from '../shared/ranking-order';
import type { RedisCache } from './cache';
import { DecodeMemo } from './codec';
import { decodeIndexedEntry, encodeIndexedEntry } from './ranking-entry-codec';

/** Prefix of the built marker's value: the version of what the index holds. */
const INDEX_FORMAT = 'v5 ';

/** Returns { 'unbuilt' } unless the built marker (key `k`) holds this INDEX_FORMAT. */
function builtCheck(k: string): string {
  return `local marker = redis.call('GET', ${k})
if not marker or string.sub(marker, 1, ${INDEX_FORMAT.length}) ~= '${INDEX_FORMAT}' then return { 'unbuilt' } end`;
}

/**
 * Replaces index records atomically. KEYS: entry hash, `of` hash (kolId -> its segments), set of
 * non-empty segments, due sorted set, trust hash (kolId -> gate trust), set of segments whose
 * trust set is complete, set of segments whose trust set is being filled. ARGV[1] order
 * sorted-set key prefix, ARGV[2] trust sorted-set key prefix, then 6-tuples: kolId, entry JSON
 * ('' = remove), sorted-set score (the negated order score), space-separated segments, re-score
 * time ('' = none), gate trust. A segment whose set empties leaves the segment set, so listing
 * the segments stays exact. Trust sets are kept only for segments complete or being filled.
 */
const PUT_LUA = `
local e, of, segs, due, zp, tp = KEYS[1], KEYS[2], KEYS[3], KEYS[4], ARGV[1], ARGV[2]
local tr, tready, tfill = KEYS[5], KEYS[6], KEYS[7]
local tracked = {}
local function keepsTrust(seg)
  if tracked[seg] == nil then
    tracked[seg] = redis.call('SISMEMBER', tready, seg) == 1 or redis.call('SISMEMBER', tfill, seg) == 1
  end
  return tracked[seg]
end
for i = 3, #ARGV, 6 do
  local id, json, score, want, stale, trust = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4], ARGV[i + 5]
  local keep = {}
  if json ~= '' then
    for seg in string.gmatch(want, '%S+') do keep[seg] = true end
  end
  local old = redis.call('HGET', of, id)
  if old then
    for seg in string.gmatch(old, '%S+') do
      if not keep[seg] then
        redis.call('ZREM', zp .. seg, id)
        redis.call('ZREM', tp .. seg, id)
        if redis.call('ZCARD', zp .. seg) == 0 then redis.call('SREM', segs, seg) end
      end
    end
  end
  if json == '' then
    redis.call('HDEL', e, id)
    redis.call('HDEL', of, id)
    redis.call('HDEL', tr, id)
    redis.call('ZREM', due, id)
  else
    redis.call('HSET', e, id, json)
    redis.call('HSET', tr, id, trust)
    for seg in pairs(keep) do
      redis.call('ZADD', zp .. seg, score, id)
      if keepsTrust(seg) then redis.call('ZADD', tp .. seg, trust, id) end
      redis.call('SADD', segs, seg)
    end
    redis.call('HSET', of, id, want)
    if stale == '' then redis.call('ZREM', due, id) else redis.call('ZADD', due, stale, id) end
  end
end
return 1
`;

/** Sets `due` to 1 when the due set (KEYS[4]) holds an entry at or before ARGV[5] (if given). */
const DUE_LUA = `
local due = 0
if ARGV[5] ~= '' and #redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', ARGV[5], 'LIMIT', 0, 1) > 0 then
  due = 1
end`;

/**
 * One keyset page of a segment in one round trip. The sorted set holds the negated order score,
 * so its ascending order (score, then member bytes) is the ranking order. The cursor's position
 * is found by Redis itself: the cursor (score, id) is placed into the set for an instant (inside
 * this script, so nobody sees it), its rank read, and the set restored, so the position is exact
 * whether or not that KOL still has that score.
 * KEYS: sorted set, entry hash, built marker, due set. ARGV: direction ('f' | 'b'), limit, cursor
 * score ('' = none), cursor id, now ms ('' = no due check). At most 5,000 entries. Returns
 * { size, start, due (1 when an entry's re-score time is at or before now), id1, score1, json1,
 * ... }, or { 'unbuilt' } when the index is not built (e.g. Redis lost it).
 */
const PAGE_LUA = `
local z, e = KEYS[1], KEYS[2]
${builtCheck('KEYS[3]')}
${DUE_LUA}
local dir, limit, cs, cid = ARGV[1], math.min(tonumber(ARGV[2]), 5000), ARGV[3], ARGV[4]
local size = redis.call('ZCARD', z)
local startAt, stopAt
if cs == '' then
  if dir == 'f' then startAt = 0; stopAt = math.min(size, limit) else stopAt = size; startAt = math.max(0, size - limit) end
else
  local own = redis.call('ZSCORE', z, cid)
  if own then redis.call('ZREM', z, cid) end
  redis.call('ZADD', z, cs, cid)
  local rank = redis.call('ZRANK', z, cid)
  redis.call('ZREM', z, cid)
  if own then redis.call('ZADD', z, own, cid) end
  local before = rank
  local at = 0
  if own then
    local o, c = tonumber(own), tonumber(cs)
    if o < c then before = before + 1 elseif o == c then at = 1 end
  end
  if dir == 'f' then
    startAt = before + at; stopAt = math.min(size, startAt + limit)
  else
    stopAt = before; startAt = math.max(0, stopAt - limit)
  end
end
local out = { size, startAt, due }
if stopAt > startAt then
  local items = redis.call('ZRANGE', z, startAt, stopAt - 1, 'WITHSCORES')
  local ids = {}
  for i = 1, #items, 2 do ids[#ids + 1] = items[i] end
  local jsons = redis.call('HMGET', e, unpack(ids))
  for i = 1, #ids do
    out[#out + 1] = ids[i]
    out[#out + 1] = items[2 * i]
    out[#out + 1] = jsons[i] or ''
  end
end
return out
`;

/**
 * One keyset page of a segment counting only members whose gate trust (in the segment's trust
 * sorted set) is at least minTrust. The start position is found as in PAGE_LUA (or given as a
 * rank, to continue a walk); from there the order set is walked in steps, each step's trusts read
 * with one ZMSCORE, until `limit` members pass, the set ends or `budget` members were looked at.
 * KEYS: order set, trust set, entry hash, built marker, due set, set of complete trust sets.
 * ARGV: direction, limit, cursor score ('' = none), cursor id, minTrust, budget, start rank ('' =
 * from the cursor), now ms ('' = no due check), segment. Returns { total passing, size, start
 * rank, rank where the walk stopped, due, id1, score1, json1, ... } (backwards: the walk goes down
 * from the start rank and the entries come nearest first), { 'unbuilt' }, or { 'untrusted' }
 * when the segment's trust set is not complete yet (FILL_TRUST_LUA fills it).
 */
const GATED_LUA = `
${builtCheck('KEYS[4]')}
if redis.call('SISMEMBER', KEYS[6], ARGV[9]) == 0 then return { 'untrusted' } end
${DUE_LUA.replace('KEYS[4]', 'KEYS[5]').replace('ARGV[5]', 'ARGV[8]')}
local z, t, e = KEYS[1], KEYS[2], KEYS[3]
local dir, limit, cs, cid = ARGV[1], math.min(tonumber(ARGV[2]), 5000), ARGV[3], ARGV[4]
local minTrust, budget = tonumber(ARGV[5]), tonumber(ARGV[6])
local size = redis.call('ZCARD', z)
local total = redis.call('ZCOUNT', t, ARGV[5], '+inf')
local pos
if ARGV[7] ~= '' then
  pos = tonumber(ARGV[7])
elseif cs == '' then
  if dir == 'f' then pos = 0 else pos = size end
else
  local own = redis.call('ZSCORE', z, cid)
  if own then redis.call('ZREM', z, cid) end
  redis.call('ZADD', z, cs, cid)
  local before = redis.call('ZRANK', z, cid)
  redis.call('ZREM', z, cid)
  if own then redis.call('ZADD', z, own, cid) end
  local at = 0
  if own then
    local o, c = tonumber(own), tonumber(cs)
    if o < c then before = before + 1 elseif o == c then at = 1 end
  end
  if dir == 'f' then pos = before + at else pos = before end
end
local ids, scores = {}, {}
local i, looked = pos, 0
local STEP = 128
while #ids < limit and looked < budget and ((dir == 'f' and i < size) or (dir ~= 'f' and i > 0)) do
  local from, to
  if dir == 'f' then from = i; to = math.min(size, i + STEP) - 1 else from = math.max(0, i - STEP); to = i - 1 end
  local items = redis.call('ZRANGE', z, from, to, 'WITHSCORES')
  local members = {}
  for k = 1, #items, 2 do members[#members + 1] = items[k] end
  local trusts = redis.call('ZMSCORE', t, unpack(members))
  local n = #members
  for step = 1, n do
    local k = step
    if dir ~= 'f' then k = n - step + 1 end
    local trust = trusts[k]
    looked = looked + 1
    if dir == 'f' then i = from + k else i = from + k - 1 end
    if trust and tonumber(trust) >= minTrust then
      ids[#ids + 1] = members[k]
      scores[#scores + 1] = items[2 * k]
      if #ids >= limit then break end
    end
  end
end
local out = { total, size, pos, i, due }
if #ids > 0 then
  local jsons = redis.call('HMGET', e, unpack(ids))
  for k = 1, #ids do
    out[#out + 1] = ids[k]
    out[#out + 1] = scores[k]
    out[#out + 1] = jsons[k] or ''
  end
end
return out
`;

/**
 * Fills a segment's trust set from the trust hash, ZSCAN by ZSCAN over its order set (every member
 * present throughout the scan is seen; the PUT script keeps the members written meanwhile, the
 * segment being in the filling set). KEYS: order set, trust set, trust hash, filling set. ARGV:
 * ZSCAN cursor, budget, segment. Returns { next cursor ('0' = done), members copied }, or
 * { '-1', 0 } when the segment left the filling set (the index was cleared meanwhile).
 */
const FILL_TRUST_LUA = `
if redis.call('SISMEMBER', KEYS[4], ARGV[3]) == 0 then return { '-1', 0 } end
local cursor, budget, copied = ARGV[1], tonumber(ARGV[2]), 0
repeat
  local scan = redis.call('ZSCAN', KEYS[1], cursor, 'COUNT', 500)
  cursor = scan[1]
  local items = scan[2]
  if #items > 0 then
    local ids = {}
    for k = 1, #items, 2 do ids[#ids + 1] = items[k] end
    local trusts = redis.call('HMGET', KEYS[3], unpack(ids))
    local args = {}
    for k = 1, #ids do
      args[#args + 1] = trusts[k] or '0'
      args[#args + 1] = ids[k]
    end
    redis.call('ZADD', KEYS[2], unpack(args))
    copied = copied + #ids
  end
until cursor == '0' or copied >= budget
return { cursor, copied }
`;

/**
 * The build lease: taken when free, renewed by its owner. KEYS: lease key. ARGV: owner, lease ms.
 * Returns 1 when `owner` holds it afterwards, else 0.
 */
const CLAIM_BUILD_LUA = `
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
if holder then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
`;

/** Gives the build lease back if `owner` holds it. KEYS: lease key. ARGV: owner. */
const RELEASE_BUILD_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 0
`;

/**
 * Marks a filled trust set complete, if its segment is still being filled. KEYS: complete set,
 * filling set. ARGV: segment. Returns 1, or 0 when the index was cleared meanwhile.
 */
const TRUST_READY_LUA = `
if redis.call('SREM', KEYS[2], ARGV[1]) == 0 then return 0 end
redis.call('SADD', KEYS[1], ARGV[1])
return 1
`;

/**
 * How many members of ranks [from, to) of an order set pass minTrust in its trust set.
 * KEYS: order set, trust set. ARGV: from, to, minTrust.
 */
const COUNT_LUA = `
local from, to, minTrust = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local count = 0
local i = from
while i < to do
  local members = redis.call('ZRANGE', KEYS[1], i, math.min(to, i + 512) - 1)
  if #members == 0 then break end
  local trusts = redis.call('ZMSCORE', KEYS[2], unpack(members))
  for k = 1, #members do
    if trusts[k] and tonumber(trusts[k]) >= minTrust then count = count + 1 end
  end
  i = i + #members
end
return count
`;

/**
 * One slice of a segment with its entries. KEYS: sorted set, entry hash, built marker. ARGV:
 * start, count. Returns { id1, json1, ... }, or { 'unbuilt' } when the index is not built.
 */
const SLICE_LUA = `
${builtCheck('KEYS[3]')}
local ids = redis.call('ZRANGE', KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[1]) + tonumber(ARGV[2]) - 1)
if #ids == 0 then return {} end
local jsons = redis.call('HMGET', KEYS[2], unpack(ids))
local out = {}
for i = 1, #ids do
  out[#out + 1] = ids[i]
  out[#out + 1] = jsons[i] or ''
end
return out
`;

interface WithScripts {
  kolRankClaimBuild(lease: string, owner: string, leaseMs: string): Promise<number>;
  kolRankReleaseBuild(lease: string, owner: string): Promise<number>;
  kolRankSlice(
    z: string,
    e: string,
    built: string,
    start: string,
    count: string,
  ): Promise<unknown[]>;
  kolRankPut(
    e: string,
    of: string,
    segs: string,
    due: string,
    tr: string,
    tready: string,
    tfill: string,
    ...args: string[]
  ): Promise<unknown>;
  kolRankFillTrust(
    z: string,
    t: string,
    tr: string,
    tfill: string,
    cursor: string,
    budget: string,
    segment: string,
  ): Promise<[string, number]>;
  kolRankTrustReady(tready: string, tfill: string, segment: string): Promise<number>;
  kolRankPage(
    z: string,
    e: string,
    built: string,
    due: string,
    ...args: string[]
  ): Promise<unknown[]>;
  kolRankGated(
    z: string,
    t: string,
    e: string,
    built: string,
    due: string,
    tready: string,
    ...args: string[]
  ): Promise<unknown[]>;
  kolRankCount(z: string, t: string, from: string, to: string, minTrust: string): Promise<number>;
}

/** Thrown by a primitive when Redis does not answer (the index then serves from the sources). */
export class RankingIndexUnavailable extends Error {
  override readonly name = 'RankingIndexUnavailable';
}

/**
 * Ids per HMGET when reading a whole segment, and records per PUT script call (a script blocks
 * Redis while it runs: 200 records with 7 segments each stay in the low milliseconds).
 */
const READ_CHUNK = 5_000;
const WRITE_CHUNK = 200;
/**
 * Members a gated page's script looks at per call (a longer walk, or counting the members that
 * pass before a deep page, takes further calls): keeps each call in the low milliseconds.
 */
const GATE_BUDGET = 20_000;

/**
 * The ranking index in Redis: one hash of entries, one sorted set per segment (score = negated
 * default fusion score), the `of` hash of each KOL's segments, a set of segment names and a
 * sorted set of re-score times. All keys share the cache prefix; in a Redis Cluster they need
 * one hash tag (the scripts touch keys they compute).
 */
export class RedisRankingIndex implements RankingIndexBackend {
  private readonly entriesKey: string;
  private readonly ofKey: string;
  private readonly segsKey: string;
  private readonly dueKey: string;
  private readonly builtKey: string;
  private readonly buildLockKey: string;
  private readonly zPrefix: string;
  private readonly tPrefix: string;
  private readonly trustKey: string;
  private readonly trustReadyKey: string;
  private readonly trustFillKey: string;
  /** Trust sets being filled by this process, by segment (concurrent gated reads share one). */
  private readonly filling = new Map<string, Promise<void>>();

  constructor(
    private readonly cache: RedisCache,
    /** Members a gated page's script call looks at (GATE_BUDGET; smaller in tests). */
    private readonly gateBudget = GATE_BUDGET,
  ) {
    this.entriesKey = cache.key('rank', 'e');
    this.ofKey = cache.key('rank', 'of');
    this.segsKey = cache.key('rank', 'segs');
    this.dueKey = cache.key('rank', 'due');
    this.builtKey = cache.key('rank', 'built');
    this.buildLockKey = cache.key('rank', 'building');
    this.zPrefix = cache.key('rank', 'z', '');
    this.tPrefix = cache.key('rank', 't', '');
    this.trustKey = cache.key('rank', 'tr');
    this.trustReadyKey = cache.key('rank', 'tready');
    this.trustFillKey = cache.key('rank', 'tfill');
    cache.redis.defineCommand('kolRankPut', { numberOfKeys: 7, lua: PUT_LUA });
    cache.redis.defineCommand('kolRankClaimBuild', { numberOfKeys: 1, lua: CLAIM_BUILD_LUA });
    cache.redis.defineCommand('kolRankReleaseBuild', { numberOfKeys: 1, lua: RELEASE_BUILD_LUA });
    cache.redis.defineCommand('kolRankFillTrust', { numberOfKeys: 4, lua: FILL_TRUST_LUA });
    cache.redis.defineCommand('kolRankTrustReady', { numberOfKeys: 2, lua: TRUST_READY_LUA });
    cache.redis.defineCommand('kolRankPage', { numberOfKeys: 4, lua: PAGE_LUA });
    cache.redis.defineCommand('kolRankGated', { numberOfKeys: 6, lua: GATED_LUA });
    cache.redis.defineCommand('kolRankCount', { numberOfKeys: 2, lua: COUNT_LUA });
    cache.redis.defineCommand('kolRankSlice', { numberOfKeys: 3, lua: SLICE_LUA });
  }

  /** Built by this format: an index written before entries carried part times and unprofiled KOLs is rebuilt. */
  async isBuilt(): Promise<boolean> {
    const marker = await this.run('rankings.read', (redis) => redis.get(this.builtKey));
    return marker?.startsWith(INDEX_FORMAT) ?? false;
  }

  async clear(): Promise<void> {
    await this.run('rankings.rebuild', async (redis) => {
      const segments = await redis.smembers(this.segsKey);
      const pipeline = redis.pipeline();
      pipeline.unlink(
        this.builtKey,
        this.entriesKey,
        this.ofKey,
        this.segsKey,
        this.dueKey,
        this.trustKey,
        this.trustReadyKey,
        this.trustFillKey,
      );
      for (let i = 0; i < segments.length; i += 250) {
        const slice = segments.slice(i, i + 250);
        pipeline.unlink(
          ...slice.map((s) => this.zPrefix + s),
          ...slice.map((s) => this.tPrefix + s),
        );
      }
      return pipeline.exec();
    });
  }

  async claimBuild(owner: string, leaseMs: number): Promise<boolean> {
    const claimed = await this.run('rankings.rebuild', (redis) =>
      (redis as Redis & WithScripts).kolRankClaimBuild(this.buildLockKey, owner, String(leaseMs)),
    );
    return claimed === 1;
  }

  async releaseBuild(owner: string): Promise<void> {
    await this.run('rankings.rebuild', (redis) =>
      (redis as Redis & WithScripts).kolRankReleaseBuild(this.buildLockKey, owner),
    );
  }

  async markBuilt(): Promise<void> {
    await this.run('rankings.rebuild', (redis) =>
      redis.set(this.builtKey, `${INDEX_FORMAT}${new Date().toISOString()}`),
    );
  }

  async read(ids: readonly string[]): Promise<(ScoredEntry | undefined)[]> {
    if (ids.length === 0) return [];
    const raw = await this.run('rankings.read', (redis) => redis.hmget(this.entriesKey, ...ids));
    return raw.map((value, i) => (value ? decodeStored(value, ids[i]) : undefined));
  }

  /** One pipeline (one round trip) of PUT script calls of WRITE_CHUNK records each. */
  async write(records: readonly IndexRecord[]): Promise<void> {
    if (records.length === 0) return;
    const calls: string[][] = [];
    for (let i = 0; i < records.length; i += WRITE_CHUNK) {
      const args: string[] = [this.zPrefix, this.tPrefix];
      for (const r of records.slice(i, i + WRITE_CHUNK)) {
        if (!r.indexed) args.push(r.kolId, '', '0', '', '', '0');
        else {
          args.push(
            r.kolId,
            encodeIndexedEntry(r.indexed, r.score),
            String(-r.score),
            r.segments.join(' '),
            r.staleAt === null ? '' : String(r.staleAt),
            String(r.trust),
          );
        }
      }
      calls.push(args);
    }
    await this.run('rankings.write', async (redis) => {
      const pipeline = redis.pipeline() as ReturnType<Redis['pipeline']> & WithScripts;
      for (const args of calls) {
        void pipeline.kolRankPut(
          this.entriesKey,
          this.ofKey,
          this.segsKey,
          this.dueKey,
          this.trustKey,
          this.trustReadyKey,
          this.trustFillKey,
          ...args,
        );
      }
      const replies = (await pipeline.exec()) ?? [];
      const failed = replies.find(([error]) => error);
      if (failed?.[0]) throw failed[0];
    });
  }

  /**
   * A build's chunk as plain commands in one pipeline (no script: nothing to remove in an index
   * just emptied): one HSET of every entry, one of every KOL's segments, one of every gate trust,
   * one ZADD per segment with all its members of the chunk, the segment set and the re-score
   * times. No trust set: each is filled from the trust hash at its segment's first gated read.
   */
  async writeFresh(records: readonly IndexRecord[]): Promise<void> {
    const entries: string[] = [];
    const of: string[] = [];
    const due: string[] = [];
    const trust: string[] = [];
    const bySegment = new Map<string, string[]>();
    for (const r of records) {
      if (!r.indexed) continue;
      entries.push(r.kolId, encodeIndexedEntry(r.indexed, r.score));
      of.push(r.kolId, r.segments.join(' '));
      trust.push(r.kolId, String(r.trust));
      if (r.staleAt !== null) due.push(String(r.staleAt), r.kolId);
      const negated = String(-r.score);
      for (const segment of r.segments) {
        const members = bySegment.get(segment);
        if (members) members.push(negated, r.kolId);
        else bySegment.set(segment, [negated, r.kolId]);
      }
    }
    if (entries.length === 0) return;
    await this.run('rankings.rebuild', async (redis) => {
      const pipeline = redis.pipeline();
      pipeline.hset(this.entriesKey, ...entries);
      pipeline.hset(this.ofKey, ...of);
      pipeline.hset(this.trustKey, ...trust);
      if (due.length > 0) pipeline.zadd(this.dueKey, ...due);
      if (bySegment.size > 0) pipeline.sadd(this.segsKey, ...bySegment.keys());
      for (const [segment, members] of bySegment) pipeline.zadd(this.zPrefix + segment, ...members);
      const replies = (await pipeline.exec()) ?? [];
      const failed = replies.find(([error]) => error);
      if (failed?.[0]) throw failed[0];
    });
  }

  /** A segment in slices of READ_CHUNK (one script call each: a small segment is one round trip). */
  async members(segment: string): Promise<ScoredEntry[]> {
    const out: ScoredEntry[] = [];
    for (let start = 0; ; start += READ_CHUNK) {
      const reply = await this.run('rankings.read', (redis) =>
        (redis as Redis & WithScripts).kolRankSlice(
          this.zPrefix + segment,
          this.entriesKey,
          this.builtKey,
          String(start),
          String(READ_CHUNK),
        ),
      );
      if (reply[0] === 'unbuilt') throw new IndexNotBuiltError();
      for (let i = 1; i < reply.length; i += 2) {
        const raw = reply[i];
        const id = reply[i - 1];
        const found =
          typeof raw === 'string' && raw !== ''
            ? decodeStored(raw, typeof id === 'string' ? id : undefined)
            : undefined;
        if (found) out.push(found);
      }
      if (reply.length < 2 * READ_CHUNK) return out;
    }
  }

  async page(segment: string, request: KeysetRequest, nowMs?: number): Promise<BackendPage> {
    const reply = await this.run('rankings.page', (redis) =>
      (redis as Redis & WithScripts).kolRankPage(
        this.zPrefix + segment,
        this.entriesKey,
        this.builtKey,
        this.dueKey,
        request.direction === 'forward' ? 'f' : 'b',
        String(request.limit),
        request.cursor ? String(-request.cursor.score) : '',
        request.cursor?.kolId ?? '',
        nowMs === undefined ? '' : String(nowMs),
      ),
    );
    if (reply[0] === 'unbuilt') throw new IndexNotBuiltError();
    const entries: ScoredEntry[] = [];
    pushReplyEntries(reply, 3, entries);
    return {
      entries,
      total: Number(reply[0]),
      start: Number(reply[1]),
      due: Number(reply[2]) === 1,
    };
  }

  /**
   * A gated page: one script call for the usual page (the first one, or any page whose walk and
   * count stay within GATE_BUDGET members); a longer walk continues in further calls, and the
   * members passing before a page that does not start at the top are counted on the shorter side
   * of it (before it, or after it from the total), `gateBudget` members per call. Calls after the
   * first see the index as it is then: a write between them can move a member by one place.
   */
  async gatedPage(
    segment: string,
    request: KeysetRequest,
    minTrust: number,
    nowMs?: number,
  ): Promise<BackendPage> {
    const z = this.zPrefix + segment;
    const t = this.tPrefix + segment;
    const forward = request.direction === 'forward';
    const entries: ScoredEntry[] = [];
    let total = 0;
    let size = 0;
    let begin = 0;
    let reached = 0;
    let due = false;
    let fills = 0;
    for (let call = 0; ; call++) {
      const reply = await this.run('rankings.page', (redis) =>
        (redis as Redis & WithScripts).kolRankGated(
          z,
          t,
          this.entriesKey,
          this.builtKey,
          this.dueKey,
          this.trustReadyKey,
          forward ? 'f' : 'b',
          String(request.limit - entries.length),
          request.cursor ? String(-request.cursor.score) : '',
          request.cursor?.kolId ?? '',
          String(minTrust),
          String(this.gateBudget),
          call === 0 ? '' : String(reached),
          call === 0 && nowMs !== undefined ? String(nowMs) : '',
          segment,
        ),
      );
      if (reply[0] === 'unbuilt') throw new IndexNotBuiltError();
      if (reply[0] === 'untrusted') {
        if (fills >= 2) throw new RankingIndexUnavailable(`trust set of ${segment} not filled`);
        fills++;
        await this.fillTrust(segment);
        call = -1;
        entries.length = 0;
        continue;
      }
      total = Number(reply[0]);
      size = Number(reply[1]);
      if (call === 0) begin = Number(reply[2]);
      reached = Number(reply[3]);
      if (call === 0) due = Number(reply[4]) === 1;
      pushReplyEntries(reply, 5, entries);
      const ended = forward ? reached >= size : reached <= 0;
      if (entries.length >= request.limit || ended || request.limit === 0) break;
    }
    if (!forward) entries.reverse();
    // Ranks [lo, hi) were walked; every member of them that passes is on the page.
    const lo = forward ? begin : reached;
    const hi = forward ? reached : begin;
    let start: number;
    if (lo === 0) start = 0;
    else if (lo <= size - hi) start = await this.countPassing(z, t, 0, lo, minTrust);
    else start = total - entries.length - (await this.countPassing(z, t, hi, size, minTrust));
    return { entries, total, start: Math.max(0, start), due };
  }

  /**
   * Fills a segment's trust set (first gated read of it since the index was built): flagged as
   * being filled first, so that the PUT script keeps the members written meanwhile, then copied
   * from the trust hash in ZSCAN steps of `gateBudget` members, then marked complete.
   */
  private fillTrust(segment: string): Promise<void> {
    let running = this.filling.get(segment);
    if (!running) {
      running = this.fillTrustNow(segment).finally(() => this.filling.delete(segment));
      this.filling.set(segment, running);
    }
    return running;
  }

  private async fillTrustNow(segment: string): Promise<void> {
    await this.run('rankings.trust', (redis) => redis.sadd(this.trustFillKey, segment));
    let cursor = '0';
    do {
      const [next] = await this.run('rankings.trust', (redis) =>
        (redis as Redis & WithScripts).kolRankFillTrust(
          this.zPrefix + segment,
          this.tPrefix + segment,
          this.trustKey,
          this.trustFillKey,
          cursor,
          String(this.gateBudget),
          segment,
        ),
      );
      if (next === '-1') return; // cleared meanwhile: the next read finds it unbuilt or untrusted
      cursor = next;
    } while (cursor !== '0');
    await this.run('rankings.trust', (redis) =>
      (redis as Redis & WithScripts).kolRankTrustReady(
        this.trustReadyKey,
        this.trustFillKey,
        segment,
      ),
    );
  }

  private async countPassing(
    z: string,
    t: string,
    from: number,
    to: number,
    minTrust: number,
  ): Promise<number> {
    let count = 0;
    for (let at = from; at < to; at += this.gateBudget) {
      const end = Math.min(to, at + this.gateBudget);
      count += await this.run('rankings.page', (redis) =>
        (redis as Redis & WithScripts).kolRankCount(
          z,
          t,
          String(at),
          String(end),
          String(minTrust),
        ),
      );
    }
    return count;
  }

  async counts(): Promise<Map<string, number>> {
    return this.run('rankings.read', async (redis) => {
      const segments = await redis.smembers(this.segsKey);
      const pipeline = redis.pipeline();
      for (const segment of segments) pipeline.zcard(this.zPrefix + segment);
      const replies = (await pipeline.exec()) ?? [];
      const counts = new Map<string, number>();
      segments.forEach((segment, i) => {
        const n = Number(replies[i]?.[1] ?? 0);
        if (n > 0) counts.set(segment, n);
      });
      return counts;
    });
  }

  async status(nowMs: number, limit: number): Promise<{ built: boolean; due: string[] }> {
    return this.run('rankings.read', async (redis) => {
      const replies =
        (await redis
          .pipeline()
          .get(this.builtKey)
          .zrangebyscore(this.dueKey, '-inf', String(nowMs), 'LIMIT', 0, limit)
          .exec()) ?? [];
      const [built, due] = replies;
      if (built?.[0]) throw built[0];
      if (due?.[0]) throw due[0];
      const marker = built?.[1];
      return {
        built: typeof marker === 'string' && marker.startsWith(INDEX_FORMAT),
        due: (due?.[1] as string[] | undefined) ?? [],
      };
    });
  }

  async due(nowMs: number, limit: number): Promise<string[]> {
    return this.run('rankings.read', (redis) =>
      redis.zrangebyscore(this.dueKey, '-inf', String(nowMs), 'LIMIT', 0, limit),
    );
  }

  private async run<T>(op: string, fn: (redis: Redis) => Promise<T>): Promise<T> {
    let failure: unknown;
    const result = await this.cache.attempt(op, async (redis) => {
      try {
        return { value: await fn(redis) };
      } catch (error) {
        failure = error;
        throw error;
      }
    });
    if (result === undefined) {
      throw new RankingIndexUnavailable(`redis ranking index unavailable (${op})`, {
        cause: failure,
      });
    }
    return result.value;
  }
}

/** Entries decoded by their stored text (the members of popular pages are read on every request). */
const decodedEntries = new DecodeMemo<ScoredEntry>();

/** `kolId`: the entry's field in the entry hash (the memo's key), when known. */
function decodeStored(raw: string, kolId?: string): ScoredEntry | undefined {
  return decodedEntries.decode(raw, decodeIndexedEntry, kolId);
}

/**
 * The (id, negated score, entry JSON) triples of a page script's reply from position `from` on,
 * decoded into `out` (a member whose entry is gone or does not decode is left out).
 */
function pushReplyEntries(reply: readonly unknown[], from: number, out: ScoredEntry[]): void {
  for (let i = from; i + 2 < reply.length; i += 3) {
    const raw = reply[i + 2];
    const id = reply[i];
    const stored =
      typeof raw === 'string' && raw !== ''
        ? decodeStored(raw, typeof id === 'string' ? id : undefined)
        : undefined;
    if (stored) out.push({ indexed: stored.indexed, score: -Number(reply[i + 1]) });
  }
}
