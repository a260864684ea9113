#!/usr/bin/env python3
"""PyTorch reference for `aetui bench`: trains the standard or supervised autoencoder with aetui's
seed defaults (Keras semantics) and times whole training epochs on the CPU.

    python3 Benchmarks/reference/pytorch_bench.py --models standard --batches 48 --threads 2
    python3 Benchmarks/reference/pytorch_bench.py --ftz    # denormals flushed to zero, as aetui does

Without --ftz, PyTorch computes with denormal numbers, which cost a microcode assist each on x86:
RMSprop's averages of gradients that stay zero decay into that range within a few epochs, and
epochs at batch 48 slow down one after the other. aetui flushes them; --ftz makes the comparison fair.
"""

import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the repo
import common  # noqa: E402


def build(spec):
    """A Sequential of Linear layers with Glorot-uniform weights and zero biases, as in Keras."""
    from torch import nn

    modules = []
    for inputs, outputs, activation in spec:
        layer = nn.Linear(inputs, outputs)
        nn.init.xavier_uniform_(layer.weight)
        nn.init.zeros_(layer.bias)
        modules.append(layer)
        if activation == "relu":
            modules.append(nn.ReLU())
        elif activation == "sigmoid":
            modules.append(nn.Sigmoid())
        # "linear": nothing; "softmax": left out, F.cross_entropy takes the logits (softmax + CE).
    return nn.Sequential(*modules)


def run_case(model, batch, threads, epochs, images, labels, ftz=False):
    import torch
    import torch.nn.functional as F

    if ftz and not torch.set_flush_denormal(True):
        raise SystemExit("error: --ftz: this CPU cannot flush denormals to zero (torch.set_flush_denormal)")

    # Before any parallel work: the inter-op pool can be sized only once per process.
    torch.set_num_threads(threads)
    torch.set_num_interop_threads(threads)
    torch.manual_seed(common.SEED)

    encoder, decoder = build(common.ENCODER), build(common.DECODER)
    classifier = build(common.CLASSIFIER) if model == "supervised" else None
    parameters = [p for net in (encoder, decoder, classifier) if net is not None for p in net.parameters()]
    # PyTorch's RMSprop adds eps outside the square root (g / (sqrt(v) + eps)), Keras inside
    # (g / sqrt(v + eps)): the steps differ slightly, the work per step is the same. This is a
    # timing reference, not a numerical one.
    optimizer = torch.optim.RMSprop(parameters, lr=common.LEARNING_RATE, alpha=common.RHO, eps=common.EPSILON)

    x = torch.from_numpy(images)
    y = torch.from_numpy(labels)  # class indices: cross_entropy on them equals CE on one-hot labels
    count = len(x)

    def epoch():
        order = torch.randperm(count)  # shuffle every epoch; the last batch may be smaller, as in Keras
        start = time.perf_counter()
        for first in range(0, count, batch):
            index = order[first:first + batch]
            inputs = x[index]
            optimizer.zero_grad(set_to_none=True)
            code = encoder(inputs)
            loss = F.mse_loss(decoder(code), inputs)  # mean over pixels and batch
            if classifier is not None:
                loss = loss + common.CE_WEIGHT * F.cross_entropy(classifier(code), y[index])
            loss.backward()
            optimizer.step()
        return time.perf_counter() - start

    epoch()  # warm-up
    return f"pytorch {torch.__version__}{' (flush-to-zero)' if ftz else ''}", [epoch() for _ in range(epochs)]


if __name__ == "__main__":
    sys.exit(common.main("pytorch", __doc__, run_case,
                         flags=[("ftz", "flush denormals to zero (torch.set_flush_denormal), as aetui does")]))
