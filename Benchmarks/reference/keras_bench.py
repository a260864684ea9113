#!/usr/bin/env python3
"""Keras 3 / TensorFlow reference for `aetui bench`: trains the standard or supervised autoencoder
with aetui's seed defaults and times whole training epochs of `model.fit` on the CPU.

    python3 Benchmarks/reference/keras_bench.py --models standard --batches 48 --threads 2
"""

import os
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the repo
import common  # noqa: E402


def run_case(model, batch, threads, epochs, images, labels):
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # fewer start-up log lines (not all)
    os.environ["KERAS_BACKEND"] = "tensorflow"  # whatever ~/.keras/keras.json says
    import tensorflow as tf

    # Before TensorFlow runs its first op: afterwards its thread pools can't be changed.
    tf.config.threading.set_intra_op_parallelism_threads(threads)
    tf.config.threading.set_inter_op_parallelism_threads(threads)
    import keras

    keras.utils.set_random_seed(common.SEED)

    def stack(tensor, spec):
        for _, outputs, activation in spec:
            tensor = keras.layers.Dense(outputs, activation=activation, kernel_initializer="glorot_uniform",
                                        bias_initializer="zeros")(tensor)
        return tensor

    inputs = keras.Input(shape=(784,))
    code = stack(inputs, common.ENCODER)
    reconstruction = stack(code, common.DECODER)
    optimizer = keras.optimizers.RMSprop(learning_rate=common.LEARNING_RATE, rho=common.RHO, epsilon=common.EPSILON)
    if model == "supervised":
        net = keras.Model(inputs, [reconstruction, stack(code, common.CLASSIFIER)])
        net.compile(optimizer=optimizer, loss=["mse", "categorical_crossentropy"], loss_weights=[1.0, common.CE_WEIGHT])
        targets = [images, keras.utils.to_categorical(labels, 10)]
    else:
        net = keras.Model(inputs, reconstruction)
        net.compile(optimizer=optimizer, loss="mse")
        targets = images

    class EpochTimer(keras.callbacks.Callback):
        """The time of each epoch as a Keras user sees it; the first one (tracing) is the warm-up."""

        def __init__(self):
            super().__init__()
            self.seconds = []

        def on_epoch_begin(self, epoch, logs=None):
            self.start = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            self.seconds.append(time.perf_counter() - self.start)

    timer = EpochTimer()
    # On a CPU-only machine Keras' default jit_compile="auto" means no XLA: what a user gets.
    net.fit(images, targets, epochs=1 + epochs, batch_size=batch, shuffle=True, verbose=0, callbacks=[timer])
    return f"keras {keras.__version__} / tensorflow {tf.__version__}", timer.seconds[1:]


if __name__ == "__main__":
    sys.exit(common.main("keras", __doc__, run_case))
