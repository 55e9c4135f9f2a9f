"""Reproduces every committed model, card and parity fixture: `python3 -m training.train_all`.

Deterministic: fixed seeds, single-threaded LightGBM (deterministic=True) and onnxruntime, fixed
created_at dates; running it twice gives byte-identical files (with training/requirements.txt).
"""

from __future__ import annotations

import warnings

from . import parity, train_anomaly, train_forecast, train_success, train_trust


def main() -> None:
    # LightGBM names features itself and sklearn then warns about numpy input; harmless here.
    warnings.filterwarnings("ignore", message="X does not have valid feature names")
    data = train_trust.load_split()
    trust = [train_trust.train_version(spec, data) for spec in train_trust.VERSIONS]
    for result in trust:
        card = result["card"]
        print(f"trust {card['version']} ({card['stage']}): held-out {card['metrics']}")
        print(f"  acceptance: {card['evaluation']['acceptance']}")
    success = train_success.build()
    anomaly = train_anomaly.build()
    forecast = train_forecast.build()
    parity.write_trust(trust, data)
    parity.write_success(success)
    parity.write_anomaly(anomaly)
    parity.write_forecast(forecast)
    for result in trust + [success, anomaly, forecast]:
        card = result["card"]
        print(f"models/{card['name']}/{card['version']}/model.onnx sha256 {result['sha256']}")


if __name__ == "__main__":
    main()
