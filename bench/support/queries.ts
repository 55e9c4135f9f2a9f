/** GraphQL documents shared by the benchmarks, so every bench measures the same dashboard page. */

/**
 * The dashboard page: top `first` of a category's fusion ranking with profile, latest H1 metrics,
 * trust (with reasons), success and fusion.
 */
export const DASHBOARD_QUERY = `query Dashboard($category: String, $first: Int!, $minTrust: Float) {
  ranking(input: { category: $category, first: $first, minTrust: $minTrust }) {
    totalCount
    edges {
      cursor
      node {
        rank
        kol {
          id
          handle
          platform
          followers
          metrics(window: H1, last: 1) { views engagementRate sentimentPositiveRatio }
          trust { trustScore riskLevel reasons { message } }
          success { successScore tier }
        }
        fusion { score trustStale gated expectedValue }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** Many KOLs by id with profile, latest metrics and scores (the "kols(200)" request). */
export const KOLS_QUERY = `query Kols($ids: [ID!]!) {
  kols(ids: $ids) {
    id
    handle
    platform
    category
    followers
    metrics(window: H1, last: 1) { views engagementRate }
    trust { trustScore riskLevel }
    success { successScore tier }
  }
}`;

/** One field of one KOL: what the transport and the executor cost without any real work. */
export const ONE_FIELD_QUERY = `query OneField($id: ID!) { kol(id: $id) { followers } }`;
