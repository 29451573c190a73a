"""Tunes all-MiniLM-L6-v2's query side on judged queries: the documents' chunk vectors stay as the system made them,
and the query encoder learns to land nearer the chunks of documents judged relevant. Each query's loss is the softmax
over every document of the corpus (a document scored by its best chunk, as the dense leg ranks documents), against the
documents judged relevant to it. Run by `bench/query-encoder.sh`, which writes the inputs with the system's own chunker
and encoder, and measures the result through the system's own ranking."""
import argparse
import json
import time
import warnings

import numpy as np
import torch

from encoder import WordPiece, load, save

arguments = argparse.ArgumentParser(description=__doc__)
arguments.add_argument("--graph", required=True, help="the packaged fp32 ONNX graph to tune")
arguments.add_argument("--vocabulary", required=True)
arguments.add_argument("--chunks", required=True, help="the folder holding chunk-vectors.f32 and chunk-documents.txt, as the index holds them")
arguments.add_argument("--queries", required=True, help="queries.jsonl: id, text and relevant document ids of each query to tune on")
arguments.add_argument("--out", required=True, help="where the tuned graph is written")
arguments.add_argument("--epochs", type=int, default=8)
arguments.add_argument("--learning-rate", type=float, default=1e-4)
arguments.add_argument("--batch", type=int, default=32)
arguments.add_argument("--scale", type=float, default=20.0, help="the softmax's inverse temperature over cosines")
arguments.add_argument("--tuned-share", type=float, default=0.5,
                       help="the written weights are this share of the tuned ones and the rest the packaged ones (WiSE-FT)")
arguments.add_argument("--max-tokens", type=int, default=256)
arguments.add_argument("--threads", type=int, default=0, help="0: torch's default")
arguments.add_argument("--seed", type=int, default=0)
settings = arguments.parse_args()

# PyTorch 1.13 marks scatter_reduce as beta; its amax is what a document's best chunk needs.
warnings.filterwarnings("ignore", message="scatter_reduce")
torch.manual_seed(settings.seed)
if settings.threads:
    torch.set_num_threads(settings.threads)
tokenizer = WordPiece(settings.vocabulary)
model, graph, bindings = load(settings.graph)
packaged = {name: value.clone() for name, value in model.state_dict().items()}

with open(f"{settings.chunks}/chunk-documents.txt", encoding="utf-8") as lines:
    chunk_documents = [line.rstrip("\n") for line in lines]
documents = sorted(set(chunk_documents))
document_index = {d: i for i, d in enumerate(documents)}
vectors = torch.from_numpy(np.fromfile(f"{settings.chunks}/chunk-vectors.f32", dtype=np.float32).reshape(len(chunk_documents), -1))
chunk_document = torch.tensor([document_index[d] for d in chunk_documents])
with open(settings.queries, encoding="utf-8") as lines:
    queries = [json.loads(line) for line in lines if line.strip()]
queries = [q for q in queries if any(d in document_index for d in q["relevant"])]
print(f"tuning on {len(queries)} queries against {len(documents)} documents ({len(chunk_documents)} chunks)", flush=True)

optimizer = torch.optim.AdamW(model.parameters(), lr=settings.learning_rate, weight_decay=0.01)
steps = settings.epochs * ((len(queries) + settings.batch - 1) // settings.batch)
# A tenth of the steps warming up, then a linear decay to zero.
schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: min(1.0, (step + 1) / max(1, 0.1 * steps)) * max(0.0, (steps - step) / steps))
random = np.random.default_rng(settings.seed)
model.train()
for epoch in range(settings.epochs):
    started, total = time.time(), 0.0
    order = random.permutation(len(queries))
    for first in range(0, len(queries), settings.batch):
        batch = [queries[i] for i in order[first : first + settings.batch]]
        ids, mask = tokenizer.batch([q["text"] for q in batch], settings.max_tokens)
        cosines = model(ids, mask) @ vectors.T
        # A document's score is its best chunk's (-2 is below any cosine, for documents with no chunk yet).
        scores = torch.full((len(batch), len(documents)), -2.0).scatter_reduce(1, chunk_document.expand(len(batch), -1), cosines, reduce="amax", include_self=True)
        logits = settings.scale * scores
        relevant = torch.zeros_like(logits, dtype=torch.bool)
        for row, query in enumerate(batch):
            for document in query["relevant"]:
                if document in document_index:
                    relevant[row, document_index[document]] = True
        loss = (torch.logsumexp(logits, 1) - torch.logsumexp(logits.masked_fill(~relevant, float("-inf")), 1)).mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        schedule.step()
        total += loss.item() * len(batch)
    print(f"epoch {epoch + 1}/{settings.epochs}: loss {total / len(queries):.4f} ({time.time() - started:.0f} s)", flush=True)

# Tuning learns the documents the judgments name as much as the language of the queries, and a fully tuned encoder
# ranked queries about other documents worse than the packaged one. Averaging the weights with the packaged ones
# (Wortsman et al., "Robust fine-tuning of zero-shot models", 2022) kept most of the gain on the held-out queries
# about judged documents and lost nothing in hybrid on the others (docs/benchmarks.md).
tuned = model.state_dict()
model.load_state_dict({name: (1 - settings.tuned_share) * packaged[name] + settings.tuned_share * tuned[name] for name in tuned})
save(model, graph, bindings, settings.out)
print(f"tuned graph: {settings.out}", flush=True)
