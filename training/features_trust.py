"""Trust feature engineering. Mirrored line for line by inference/features/trust.ts.

Input rows use the GraphQL field names (camelCase, see TrustInput). Every value is computed in
float64 with the `math` module, then the vector is cast to float32 for the model, exactly as the
TypeScript side does with Math.* and a Float32Array.

The model only sees what the InstaFake data set has (followers, following, posts, bio length,
profile image, private flag, username length and digits). Account age, favourites, verified and
URL are not in the data, so they act only through the documented rules in trust_rules.py.
"""

from __future__ import annotations

import math
from typing import Any, Mapping

import numpy as np

# Order is the model's input order; card.json records it and the TS side checks it at load.
TRUST_FEATURES: list[str] = [
    "log_followers",  # ln(1 + followers)
    "log_following",  # ln(1 + following)
    "log_posts",  # ln(1 + posts)
    "followers_following_ratio",  # followers / max(following, 1)
    "following_followers_ratio",  # following / max(followers, 1)
    "posts_per_follower",  # posts / max(followers, 1)
    "bio_length",  # characters in the bio
    "has_bio",  # 1 when the profile has a bio
    "has_profile_image",  # 1 when the profile has a picture
    "is_private",  # 1 when the profile is private
    "username_length",  # characters in the username
    "username_digit_count",  # digits in the username
    "username_digit_ratio",  # digits / max(username length, 1)
]

# Monotone constraints given to LightGBM (+1: more of it never lowers P(untrustworthy);
# -1: more of it never raises it; 0: free). They encode what the data and common sense agree on
# and make the model extrapolate sanely to accounts far larger than any in InstaFake (max 3,257
# followers): beyond the last split a tree is flat, and the constraint guarantees that flat
# region is the *least* suspicious end for followers/posts and the most suspicious for following.
TRUST_MONOTONE: dict[str, int] = {
    "log_followers": -1,
    "log_following": +1,
    "log_posts": -1,
    "followers_following_ratio": -1,
    "following_followers_ratio": +1,
    "posts_per_follower": 0,
    "bio_length": -1,
    "has_bio": -1,
    "has_profile_image": -1,
    "is_private": 0,
    "username_length": 0,
    "username_digit_count": +1,
    "username_digit_ratio": +1,
}

# Defaults of the optional TrustInput fields. Keep in step with TRUST_INPUT_DEFAULTS in
# inference/core/defaults.ts (the parity fixtures contain rows with every optional field missing).
DEFAULT_BIO_LENGTH_WHEN_PRESENT = 31  # median length of non-empty bios in InstaFake train.csv
TRUST_INPUT_DEFAULTS: dict[str, Any] = {
    "favoritesCount": None,  # unknown: the fake-follower rule is not evaluated
    "accountAgeDays": None,  # unknown: the suspicious-growth rule is not evaluated
    "verified": False,
    "hasBio": None,  # derived: bioLength > 0 when bioLength is given, else False
    "hasUrl": False,
    "hasProfileImage": True,
    "bioLength": None,  # derived: 31 when hasBio is true, else 0
    "isPrivate": False,
    "usernameLength": 11,  # median in InstaFake train.csv
    "usernameDigitCount": 0,  # median in InstaFake train.csv
}


def _opt(row: Mapping[str, Any], key: str) -> Any:
    value = row.get(key)
    return TRUST_INPUT_DEFAULTS[key] if value is None else value


def resolve_trust_input(row: Mapping[str, Any]) -> dict[str, Any]:
    """Fills every optional field with its documented default (hasBio/bioLength derive from each other)."""
    bio_length = row.get("bioLength")
    has_bio = row.get("hasBio")
    if has_bio is None:
        has_bio = bio_length is not None and bio_length > 0
    if bio_length is None:
        bio_length = DEFAULT_BIO_LENGTH_WHEN_PRESENT if has_bio else 0
    return {
        "followersCount": row["followersCount"],
        "followingCount": row["followingCount"],
        "postCount": row["postCount"],
        "favoritesCount": _opt(row, "favoritesCount"),
        "accountAgeDays": _opt(row, "accountAgeDays"),
        "verified": bool(_opt(row, "verified")),
        "hasBio": bool(has_bio),
        "hasUrl": bool(_opt(row, "hasUrl")),
        "hasProfileImage": bool(_opt(row, "hasProfileImage")),
        "bioLength": bio_length,
        "isPrivate": bool(_opt(row, "isPrivate")),
        "usernameLength": _opt(row, "usernameLength"),
        "usernameDigitCount": _opt(row, "usernameDigitCount"),
    }


def trust_feature_vector(row: Mapping[str, Any]) -> list[float]:
    r = resolve_trust_input(row)
    followers = float(r["followersCount"])
    following = float(r["followingCount"])
    posts = float(r["postCount"])
    username_length = float(r["usernameLength"])
    digits = float(r["usernameDigitCount"])
    return [
        math.log1p(followers),
        math.log1p(following),
        math.log1p(posts),
        followers / max(following, 1.0),
        following / max(followers, 1.0),
        posts / max(followers, 1.0),
        float(r["bioLength"]),
        1.0 if r["hasBio"] else 0.0,
        1.0 if r["hasProfileImage"] else 0.0,
        1.0 if r["isPrivate"] else 0.0,
        username_length,
        digits,
        digits / max(username_length, 1.0),
    ]


def trust_feature_matrix(rows: list[Mapping[str, Any]]) -> np.ndarray:
    """float32 [N, F] matrix, the exact model input."""
    return np.asarray([trust_feature_vector(r) for r in rows], dtype=np.float64).astype(np.float32)


def instafake_rows(frame: Any) -> list[dict[str, Any]]:
    """Maps InstaFake columns to TrustInput-shaped rows (fields the data lacks stay missing)."""
    rows = []
    for rec in frame.to_dict("records"):
        rows.append(
            {
                "followersCount": int(rec["followers_count"]),
                "followingCount": int(rec["following_count"]),
                "postCount": int(rec["post_count"]),
                "bioLength": int(rec["bio_length"]),
                "hasProfileImage": bool(rec["has_profile_image"]),
                "isPrivate": bool(rec["is_private"]),
                "usernameLength": int(rec["username_length"]),
                "usernameDigitCount": int(rec["username_digit_count"]),
            }
        )
    return rows
