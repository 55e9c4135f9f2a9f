"""The SPEC's two trust acceptance examples (section 4), as TrustInput rows.

Checked after training (train_trust.py refuses to write a model that fails them), written into the
parity fixtures, and asserted again by test/inference/acceptance.test.ts.
"""

LEGIT = {
    "kolId": "acceptance-legit",
    "followersCount": 100000,
    "followingCount": 500,
    "postCount": 2000,
    "favoritesCount": 500000,
    "accountAgeDays": 2000,
    "verified": True,
    "hasBio": True,
    "hasUrl": True,
    "hasProfileImage": True,
    "bioLength": 150,
}

SUSPICIOUS = {
    "kolId": "acceptance-suspicious",
    "followersCount": 50000,
    "followingCount": 50000,
    "postCount": 10000,
    "favoritesCount": 100,
    "accountAgeDays": 30,
    "verified": False,
    "hasBio": False,
    "hasUrl": False,
    "hasProfileImage": False,
    "bioLength": 0,
}
