"""all-MiniLM-L6-v2 in PyTorch for tuning: its WordPiece tokenizer, the model, and its weights read from and written back
into the packaged ONNX graph, so the tuned graph is the packaged one with other weights (the gateway runs, and
quantises, it as it does the packaged one)."""
import math
import unicodedata

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F
from onnx import numpy_helper


class WordPiece:
    """BERT's uncased tokenizer: lower case, accents stripped, punctuation split off, then greedy longest-match pieces."""

    def __init__(self, vocabulary_path):
        with open(vocabulary_path, encoding="utf-8") as lines:
            self.vocabulary = {line.rstrip("\n"): i for i, line in enumerate(lines)}
        self.cls, self.sep, self.unk = self.vocabulary["[CLS]"], self.vocabulary["[SEP]"], self.vocabulary["[UNK]"]

    @staticmethod
    def _is_punctuation(ch):
        cp = ord(ch)
        return 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126 or unicodedata.category(ch).startswith("P")

    def _words(self, text):
        words, word = [], []
        for ch in unicodedata.normalize("NFD", text.lower()):
            category = unicodedata.category(ch)
            if category == "Mn" or ord(ch) in (0, 0xFFFD) or (category.startswith("C") and ch not in "\t\n\r"):
                continue
            if ch.isspace() or self._is_punctuation(ch) or 0x4E00 <= ord(ch) <= 0x9FFF:
                if word:
                    words.append("".join(word))
                    word = []
                if not ch.isspace():
                    words.append(ch)
            else:
                word.append(ch)
        if word:
            words.append("".join(word))
        return words

    def encode(self, text, max_tokens):
        ids = []
        for word in self._words(text):
            pieces, start = [], 0
            while start < len(word) and len(word) <= 100:
                end = len(word)
                while end > start and (word[start:end] if start == 0 else "##" + word[start:end]) not in self.vocabulary:
                    end -= 1
                if end == start:
                    pieces = []
                    break
                pieces.append(self.vocabulary[word[start:end] if start == 0 else "##" + word[start:end]])
                start = end
            ids.extend(pieces or [self.unk])
        return [self.cls] + ids[: max_tokens - 2] + [self.sep]

    def batch(self, texts, max_tokens):
        sequences = [self.encode(t, max_tokens) for t in texts]
        length = max(len(s) for s in sequences)
        ids = torch.zeros(len(sequences), length, dtype=torch.long)
        mask = torch.zeros(len(sequences), length, dtype=torch.long)
        for i, s in enumerate(sequences):
            ids[i, : len(s)] = torch.tensor(s)
            mask[i, : len(s)] = 1
        return ids, mask


class Layer(nn.Module):
    def __init__(self, hidden, heads, intermediate):
        super().__init__()
        self.heads = heads
        self.query, self.key, self.value, self.attention_output = (nn.Linear(hidden, hidden) for _ in range(4))
        self.attention_norm, self.output_norm = nn.LayerNorm(hidden, eps=1e-12), nn.LayerNorm(hidden, eps=1e-12)
        self.intermediate, self.output = nn.Linear(hidden, intermediate), nn.Linear(intermediate, hidden)

    def forward(self, x, mask_bias):
        batch, length, hidden = x.shape
        size = hidden // self.heads
        split = lambda t: t.view(batch, length, self.heads, size).transpose(1, 2)
        scores = split(self.query(x)) @ split(self.key(x)).transpose(-1, -2) / math.sqrt(size) + mask_bias
        attended = (torch.softmax(scores, -1) @ split(self.value(x))).transpose(1, 2).reshape(batch, length, hidden)
        x = self.attention_norm(x + self.attention_output(attended))
        return self.output_norm(x + self.output(F.gelu(self.intermediate(x))))


class MiniLM(nn.Module):
    """The BERT encoder with mean pooling and L2 normalisation, as sentence-transformers runs all-MiniLM-L6-v2."""

    def __init__(self, vocabulary=30522, positions=512, hidden=384, layers=6, heads=12, intermediate=1536):
        super().__init__()
        self.words, self.positions, self.segments = nn.Embedding(vocabulary, hidden), nn.Embedding(positions, hidden), nn.Embedding(2, hidden)
        self.norm = nn.LayerNorm(hidden, eps=1e-12)
        self.layers = nn.ModuleList([Layer(hidden, heads, intermediate) for _ in range(layers)])

    def forward(self, ids, mask):
        x = self.norm(self.words(ids) + self.positions(torch.arange(ids.shape[1])) + self.segments(torch.zeros_like(ids)))
        mask_bias = (1.0 - mask[:, None, None, :].float()) * -10000.0
        for layer in self.layers:
            x = layer(x, mask_bias)
        weights = mask.unsqueeze(-1).float()
        return F.normalize((x * weights).sum(1) / weights.sum(1).clamp(min=1e-9), dim=-1)


_MODULES = {
    "attention.self.query": "query", "attention.self.key": "key", "attention.self.value": "value",
    "attention.output.dense": "attention_output", "attention.output.LayerNorm": "attention_norm",
    "intermediate.dense": "intermediate", "output.dense": "output", "output.LayerNorm": "output_norm",
}
_EMBEDDINGS = {
    "embeddings.word_embeddings.weight": "words.weight", "embeddings.position_embeddings.weight": "positions.weight",
    "embeddings.token_type_embeddings.weight": "segments.weight", "embeddings.LayerNorm.weight": "norm.weight",
    "embeddings.LayerNorm.bias": "norm.bias",
}


def _parameter(onnx_name):
    """The torch parameter of a named initializer (encoder.layer.N.<module>.<weight|bias>), or None."""
    if onnx_name in _EMBEDDINGS:
        return _EMBEDDINGS[onnx_name]
    parts = onnx_name.split(".")
    if len(parts) > 4 and parts[0] == "encoder" and parts[1] == "layer":
        module = _MODULES.get(".".join(parts[3:-1]))
        return f"layers.{parts[2]}.{module}.{parts[-1]}" if module else None
    return None


def _bindings(graph):
    """(initializer, torch parameter, transposed) for every weight. The exported graph leaves its MatMul weights unnamed:
    each is found by the Add that follows it, whose bias initializer is named after the layer."""
    initializers = {t.name for t in graph.initializer}
    consumers = {}
    for node in graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    bindings = [(t.name, _parameter(t.name), False) for t in graph.initializer if _parameter(t.name)]
    for node in graph.node:
        if node.op_type == "MatMul" and node.input[1] in initializers:
            adds = [c for c in consumers.get(node.output[0], []) if c.op_type == "Add"]
            bias = next((i for a in adds for i in a.input if i in initializers), None)
            parameter = _parameter(bias[: -len("bias")] + "weight") if bias and bias.endswith(".bias") else None
            if parameter:
                bindings.append((node.input[1], parameter, True))
    return bindings


def load(graph_path):
    """The model with the graph's weights, the graph, and how each weight binds; fails if any parameter is unbound."""
    graph_model = onnx.load(graph_path)
    model = MiniLM()
    state = model.state_dict()
    tensors = {t.name: t for t in graph_model.graph.initializer}
    bindings = _bindings(graph_model.graph)
    for initializer, parameter, transposed in bindings:
        value = torch.from_numpy(numpy_helper.to_array(tensors[initializer]).copy())
        value = value.t() if transposed else value
        if state[parameter].shape != value.shape:
            raise ValueError(f"{initializer} is {tuple(value.shape)}, {parameter} needs {tuple(state[parameter].shape)}: not all-MiniLM-L6-v2's graph")
        state[parameter].copy_(value)
    unbound = set(state) - {parameter for _, parameter, _ in bindings}
    if unbound:
        raise ValueError(f"the graph binds no weight to {sorted(unbound)}: not all-MiniLM-L6-v2's graph")
    return model, graph_model, bindings


def save(model, graph_model, bindings, path):
    """The graph with the model's weights in place of its own, every node as it was."""
    state = model.state_dict()
    tensors = {t.name: t for t in graph_model.graph.initializer}
    for initializer, parameter, transposed in bindings:
        value = state[parameter].detach().float()
        value = value.t().contiguous() if transposed else value
        tensors[initializer].CopyFrom(numpy_helper.from_array(value.numpy().astype(np.float32), initializer))
    onnx.save(graph_model, path)
