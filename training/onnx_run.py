"""Runs an exported model with onnxruntime (single-threaded, so results do not depend on the machine)."""

from __future__ import annotations

import numpy as np
import onnx
import onnxruntime as ort


def session(model: onnx.ModelProto) -> ort.InferenceSession:
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    return ort.InferenceSession(
        model.SerializeToString(), sess_options=options, providers=["CPUExecutionProvider"]
    )


def run(model: onnx.ModelProto, x32: np.ndarray) -> dict[str, np.ndarray]:
    sess = session(model)
    names = [o.name for o in sess.get_outputs()]
    values = sess.run(names, {"features": np.ascontiguousarray(x32, dtype=np.float32)})
    return dict(zip(names, values))
