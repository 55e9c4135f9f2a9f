"""ONNX export of the trained models.

LightGBM classifiers go through onnxmltools (zipmap=False: onnxruntime-node returns tensors only),
then the graph gets three changes:

1. Thresholds are rounded *down* to float32. LightGBM compares float64 inputs with float64
   thresholds; ONNX compares float32 inputs with float32 thresholds. Rounding to nearest (what a
   plain cast does) can send a float32 input equal to the rounded threshold down the wrong branch;
   with the largest float32 <= t, `x <= t32` holds exactly when `x <= t` for every float32 x.
2. Optional StandardScaler as Sub/Div nodes in front of the trees (success model), so the model's
   input is the engineered, unscaled feature vector and scaling cannot drift between languages.
3. A second output `contributions` [N, F]: per-feature path attributions of the log-odds (the
   Saabas method). For each split on the path from the root to the leaf, the change in the node's
   value is credited to the split's feature; summed over trees, logit(P) = bias + sum(contributions).
   It is a TreeEnsembleRegressor with the same nodes as the classifier whose leaves carry the
   per-feature attribution of their path, so it costs one extra tree walk inside the same run.

IsolationForest: `scores` is sklearn's decision_function (positive = normal, negative = anomalous).
The shipped graph is a compact single-TreeEnsemble rewrite (export_isolation_forest); the skl2onnx
export is built too and both are checked against sklearn (see train_anomaly.py).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from onnxmltools.convert import convert_lightgbm
from onnxmltools.convert.common.data_types import FloatTensorType
from skl2onnx import to_onnx
from skl2onnx.common.data_types import FloatTensorType as SklFloatTensorType

TARGET_OPSET = 15
INPUT_NAME = "features"


def _float32_at_most(value: float) -> float:
    f = np.float32(value)
    if float(f) > value:
        f = np.nextafter(f, np.float32(-np.inf), dtype=np.float32)
    return float(f)


def _attr(node: onnx.NodeProto) -> dict[str, Any]:
    return {a.name: helper.get_attribute_value(a) for a in node.attribute}


def _set_attr(node: onnx.NodeProto, name: str, value: Any) -> None:
    for i, a in enumerate(node.attribute):
        if a.name == name:
            del node.attribute[i]
            break
    node.attribute.append(helper.make_attribute(name, value))


def _patch_and_attribute(
    node: onnx.NodeProto, booster_dump: dict[str, Any], n_features: int
) -> tuple[list[float], dict[tuple[int, int], dict[int, float]], float]:
    """Walks every ONNX tree together with the LightGBM dump.

    Returns the patched thresholds, the per-leaf path attributions {(tree, leaf node): {feature:
    value}} and the bias (sum of the root values).
    """
    a = _attr(node)
    index = {(t, n): i for i, (t, n) in enumerate(zip(a["nodes_treeids"], a["nodes_nodeids"]))}
    children = {
        (a["nodes_treeids"][i], c)
        for i in range(len(a["nodes_modes"]))
        if a["nodes_modes"][i] != b"LEAF"
        for c in (a["nodes_truenodeids"][i], a["nodes_falsenodeids"][i])
    }
    values = list(a["nodes_values"])
    leaf = "class" if "class_treeids" in a else "target"  # classifier or regressor node
    leaf_weight = {
        (t, n): w for t, n, w in zip(a[f"{leaf}_treeids"], a[f"{leaf}_nodeids"], a[f"{leaf}_weights"])
    }
    leaves: dict[tuple[int, int], dict[int, float]] = {}
    bias = 0.0
    trees = booster_dump["tree_info"]
    for tree in trees:
        t = tree["tree_index"]
        roots = [n for (tt, n) in index if tt == t and (t, n) not in children]
        assert len(roots) == 1, f"tree {t}: expected one root, got {roots}"
        structure = tree["tree_structure"]
        root_value = structure.get("internal_value", structure.get("leaf_value"))
        bias += float(root_value)

        def walk(dump: dict[str, Any], node_id: int, path: dict[int, float]) -> None:
            i = index[(t, node_id)]
            if "leaf_value" in dump:
                assert a["nodes_modes"][i] == b"LEAF"
                assert abs(leaf_weight[(t, node_id)] - dump["leaf_value"]) < 1e-6
                leaves[(t, node_id)] = dict(path)
                return
            assert a["nodes_modes"][i] == b"BRANCH_LEQ", a["nodes_modes"][i]
            assert dump["decision_type"] == "<="
            feature = int(dump["split_feature"])
            assert a["nodes_featureids"][i] == feature
            threshold = float(dump["threshold"])
            assert abs(values[i] - threshold) <= 1e-6 * max(1.0, abs(threshold))
            values[i] = _float32_at_most(threshold)
            here = float(dump["internal_value"])
            for child, child_id in (
                (dump["left_child"], a["nodes_truenodeids"][i]),
                (dump["right_child"], a["nodes_falsenodeids"][i]),
            ):
                child_value = float(child.get("internal_value", child.get("leaf_value")))
                step = dict(path)
                step[feature] = step.get(feature, 0.0) + (child_value - here)
                walk(child, child_id, step)

        walk(structure, roots[0], {})
    for f_path in leaves.values():
        for f in f_path:
            assert 0 <= f < n_features
    return values, leaves, bias


def _contributions_node(
    classifier: onnx.NodeProto,
    values: list[float],
    leaves: dict[tuple[int, int], dict[int, float]],
    n_features: int,
    input_name: str,
) -> onnx.NodeProto:
    a = _attr(classifier)
    target_treeids, target_nodeids, target_ids, target_weights = [], [], [], []
    for (t, n), path in sorted(leaves.items()):
        entries = sorted(path.items()) or [(0, 0.0)]
        for f, w in entries:
            target_treeids.append(t)
            target_nodeids.append(n)
            target_ids.append(f)
            target_weights.append(w)
    return helper.make_node(
        "TreeEnsembleRegressor",
        [input_name],
        ["contributions"],
        domain="ai.onnx.ml",
        name="PathContributions",
        n_targets=n_features,
        aggregate_function="SUM",
        post_transform="NONE",
        nodes_treeids=list(a["nodes_treeids"]),
        nodes_nodeids=list(a["nodes_nodeids"]),
        nodes_featureids=list(a["nodes_featureids"]),
        nodes_modes=[m.decode() for m in a["nodes_modes"]],
        nodes_values=values,
        nodes_truenodeids=list(a["nodes_truenodeids"]),
        nodes_falsenodeids=list(a["nodes_falsenodeids"]),
        nodes_missing_value_tracks_true=list(a["nodes_missing_value_tracks_true"]),
        nodes_hitrates=list(a["nodes_hitrates"]),
        target_treeids=target_treeids,
        target_nodeids=target_nodeids,
        target_ids=target_ids,
        target_weights=target_weights,
    )


def export_lightgbm(
    model: Any,
    feature_names: list[str],
    doc: str,
    scaler_mean: np.ndarray | None = None,
    scaler_scale: np.ndarray | None = None,
) -> tuple[onnx.ModelProto, float]:
    """Returns (ONNX model, attribution bias in log-odds)."""
    n = len(feature_names)
    tree_input = "scaled" if scaler_mean is not None else INPUT_NAME
    onx = convert_lightgbm(
        model,
        initial_types=[(tree_input, FloatTensorType([None, n]))],
        zipmap=False,
        target_opset=TARGET_OPSET,
    )
    graph = onx.graph
    classifier = next(node for node in graph.node if node.op_type == "TreeEnsembleClassifier")
    values, leaves, bias = _patch_and_attribute(classifier, model.booster_.dump_model(), n)
    _set_attr(classifier, "nodes_values", values)
    graph.node.append(_contributions_node(classifier, values, leaves, n, tree_input))
    graph.output.append(helper.make_tensor_value_info("contributions", TensorProto.FLOAT, [None, n]))
    if scaler_mean is not None and scaler_scale is not None:
        del graph.input[:]
        graph.input.append(helper.make_tensor_value_info(INPUT_NAME, TensorProto.FLOAT, [None, n]))
        graph.initializer.extend(
            [
                numpy_helper.from_array(scaler_mean.astype(np.float32), "scaler_mean"),
                numpy_helper.from_array(scaler_scale.astype(np.float32), "scaler_scale"),
            ]
        )
        centred = helper.make_node("Sub", [INPUT_NAME, "scaler_mean"], ["centred"], name="ScalerSub")
        scaled = helper.make_node("Div", ["centred", "scaler_scale"], ["scaled"], name="ScalerDiv")
        nodes = [centred, scaled] + list(graph.node)
        del graph.node[:]
        graph.node.extend(nodes)
    for output in graph.output:
        if output.name == "label":
            # onnxmltools declares [1]; the label has one entry per row.
            output.CopyFrom(helper.make_tensor_value_info("label", TensorProto.INT64, [None]))
    graph.name = "lightgbm_with_contributions"
    # onnxmltools lists the opsets in set order, which changes with the interpreter's hash seed.
    opsets = sorted(((o.domain, o.version) for o in onx.opset_import))
    del onx.opset_import[:]
    onx.opset_import.extend(helper.make_opsetid(domain, version) for domain, version in opsets)
    onx.doc_string = doc
    onx.producer_name = "kol-gateway-training"
    del onx.metadata_props[:]
    onnx.checker.check_model(onx)
    return onx, bias


def export_isolation_forest_skl2onnx(model: Any, n_features: int) -> onnx.ModelProto:
    """skl2onnx's export: one subgraph per tree (~27 nodes each). Used as the reference."""
    onx = to_onnx(
        model,
        initial_types=[(INPUT_NAME, SklFloatTensorType([None, n_features]))],
        target_opset={"": TARGET_OPSET, "ai.onnx.ml": 3},
    )
    onnx.checker.check_model(onx)
    return onx


def export_isolation_forest(model: Any, n_features: int, doc: str) -> onnx.ModelProto:
    """The same function as sklearn's decision_function in one TreeEnsembleRegressor and five ops.

    Each leaf carries its path-length term (depth + c(n_leaf) - 1, sklearn's own per-tree arrays);
    the ensemble sums them, then decision = -(2 ** (-sum / (n_trees * c(max_samples)))) - offset_.
    skl2onnx builds a subgraph per tree instead (2,700 nodes for 100 trees: 1.7 s to load and
    several times slower to run), so training exports both and checks they agree.
    """
    from sklearn.ensemble._iforest import _average_path_length

    assert model._max_features == n_features, "feature subsampling is not supported"
    attrs: dict[str, list[Any]] = {k: [] for k in (
        "nodes_treeids", "nodes_nodeids", "nodes_featureids", "nodes_modes", "nodes_values",
        "nodes_truenodeids", "nodes_falsenodeids", "nodes_missing_value_tracks_true",
        "target_treeids", "target_nodeids", "target_ids", "target_weights",
    )}
    for t, estimator in enumerate(model.estimators_):
        tree = estimator.tree_
        path_terms = model._decision_path_lengths[t] + model._average_path_length_per_tree[t] - 1.0
        for node in range(tree.node_count):
            left, right = int(tree.children_left[node]), int(tree.children_right[node])
            attrs["nodes_treeids"].append(t)
            attrs["nodes_nodeids"].append(node)
            attrs["nodes_missing_value_tracks_true"].append(0)
            if left == -1:
                attrs["nodes_featureids"].append(0)
                attrs["nodes_modes"].append("LEAF")
                attrs["nodes_values"].append(0.0)
                attrs["nodes_truenodeids"].append(0)
                attrs["nodes_falsenodeids"].append(0)
                attrs["target_treeids"].append(t)
                attrs["target_nodeids"].append(node)
                attrs["target_ids"].append(0)
                attrs["target_weights"].append(float(path_terms[node]))
            else:
                attrs["nodes_featureids"].append(int(tree.feature[node]))
                attrs["nodes_modes"].append("BRANCH_LEQ")
                attrs["nodes_values"].append(_float32_at_most(float(tree.threshold[node])))
                attrs["nodes_truenodeids"].append(left)
                attrs["nodes_falsenodeids"].append(right)
    denominator = len(model.estimators_) * float(_average_path_length([model._max_samples])[0])
    nodes = [
        helper.make_node("TreeEnsembleRegressor", [INPUT_NAME], ["path_length_sum"], domain="ai.onnx.ml",
                         name="IsolationTrees", n_targets=1, aggregate_function="SUM",
                         post_transform="NONE", **attrs),
        helper.make_node("Div", ["path_length_sum", "denominator"], ["mean_depth"], name="MeanDepth"),
        helper.make_node("Neg", ["mean_depth"], ["neg_depth"], name="NegDepth"),
        helper.make_node("Pow", ["two", "neg_depth"], ["anomaly_score"], name="AnomalyScore"),
        helper.make_node("Neg", ["anomaly_score"], ["score_samples"], name="ScoreSamples"),
        helper.make_node("Sub", ["score_samples", "offset"], ["scores"], name="DecisionFunction"),
        helper.make_node("Less", ["scores", "zero"], ["is_outlier"], name="IsOutlier"),
        helper.make_node("Where", ["is_outlier", "minus_one", "one"], ["label"], name="Label"),
    ]
    initializers = [
        numpy_helper.from_array(np.array(denominator, dtype=np.float32), "denominator"),
        numpy_helper.from_array(np.array(2.0, dtype=np.float32), "two"),
        numpy_helper.from_array(np.array(model.offset_, dtype=np.float32), "offset"),
        numpy_helper.from_array(np.array(0.0, dtype=np.float32), "zero"),
        numpy_helper.from_array(np.array(-1, dtype=np.int64), "minus_one"),
        numpy_helper.from_array(np.array(1, dtype=np.int64), "one"),
    ]
    graph = helper.make_graph(
        nodes,
        "isolation_forest",
        [helper.make_tensor_value_info(INPUT_NAME, TensorProto.FLOAT, [None, n_features])],
        [
            helper.make_tensor_value_info("label", TensorProto.INT64, [None, 1]),
            helper.make_tensor_value_info("scores", TensorProto.FLOAT, [None, 1]),
        ],
        initializers,
    )
    onx = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", TARGET_OPSET), helper.make_opsetid("ai.onnx.ml", 1)],
        producer_name="kol-gateway-training",
        doc_string=doc,
    )
    onx.ir_version = 8
    onnx.checker.check_model(onx)
    return onx


def scale_like_onnx(x32: np.ndarray, mean: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """(x - mean) / scale in float32, the same IEEE operations as the Sub/Div nodes."""
    return (x32.astype(np.float32) - mean.astype(np.float32)) / scale.astype(np.float32)


def export_forecast(model: Any, n_features: int, base_column: int, value_column: int, doc: str) -> onnx.ModelProto:
    """The forecast graph: a LightGBM regressor of the ratio r = (next + 1) / (last + 1) and the closed form.

    orders = max((features[base_column] + 1) * r - 1, 0) and revenue = orders * features[value_column]
    (the last day's average order value), both [N,1]. The thresholds are LightGBM's float64 ones rounded
    down to float32 (see the module comment), so a float32 input takes the branch LightGBM takes.
    """
    onx = convert_lightgbm(
        model,
        initial_types=[(INPUT_NAME, FloatTensorType([None, n_features]))],
        zipmap=False,
        target_opset=TARGET_OPSET,
    )
    trees = next(node for node in onx.graph.node if node.op_type == "TreeEnsembleRegressor")
    values, _, _ = _patch_and_attribute(trees, model.booster_.dump_model(), n_features)
    _set_attr(trees, "nodes_values", values)
    trees.output[0] = "ratio"
    trees.name = "RatioTrees"
    nodes = [
        trees,
        helper.make_node("Gather", [INPUT_NAME, "base_column"], ["last"], name="LastPeriod", axis=1),
        helper.make_node("Add", ["last", "one"], ["base"], name="Base"),
        helper.make_node("Mul", ["base", "ratio"], ["scaled"], name="Scale"),
        helper.make_node("Sub", ["scaled", "one"], ["orders_raw"], name="Unshift"),
        helper.make_node("Relu", ["orders_raw"], ["orders"], name="NonNegative"),
        helper.make_node("Gather", [INPUT_NAME, "value_column"], ["order_value"], name="OrderValue", axis=1),
        helper.make_node("Mul", ["orders", "order_value"], ["revenue"], name="Revenue"),
    ]
    graph = helper.make_graph(
        nodes,
        "forecast",
        [helper.make_tensor_value_info(INPUT_NAME, TensorProto.FLOAT, [None, n_features])],
        [
            helper.make_tensor_value_info("orders", TensorProto.FLOAT, [None, 1]),
            helper.make_tensor_value_info("revenue", TensorProto.FLOAT, [None, 1]),
            helper.make_tensor_value_info("ratio", TensorProto.FLOAT, [None, 1]),
        ],
        [
            numpy_helper.from_array(np.array(1.0, dtype=np.float32), "one"),
            numpy_helper.from_array(np.array([base_column], dtype=np.int64), "base_column"),
            numpy_helper.from_array(np.array([value_column], dtype=np.int64), "value_column"),
        ],
    )
    onx = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", TARGET_OPSET), helper.make_opsetid("ai.onnx.ml", 1)],
        producer_name="kol-gateway-training",
        doc_string=doc,
    )
    onx.ir_version = 8
    onnx.checker.check_model(onx)
    return onx
