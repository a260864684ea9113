#!/usr/bin/env python3
"""Keras reference for aetui's accuracy figures: trains the supervised autoencoder with a 2-D
bottleneck on aetui's split (train = the first N images of the training file, validation = the next
10,000) and prints the classifier head's validation accuracy after every epoch, then the kept
epoch's validation and t10k test accuracy. Compare with `aetui train --seed S [--train N]`.

  --recipe default  aetui's default recipe (docs/EXPERIMENTS.md): dropout 0.2 after the hidden
                    layers of the encoder and classifier, RMSprop 0.005 on a cosine schedule to 0
                    (set once per epoch, as aetui does), 50 epochs, the best validation epoch's
                    weights kept and tested
  --recipe seed     the seed experiment: constant rate, no dropout, 100 epochs, the last epoch kept

    python3 Benchmarks/reference/keras_accuracy.py --seed 1 [--recipe seed] [--train 50000] [--threads 2]
"""

import argparse
import json
import math
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the repo
import common  # noqa: E402

VALIDATION = 10_000


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=common.SEED)
    parser.add_argument("--recipe", choices=("default", "seed"), default="default")
    parser.add_argument("--epochs", type=int, help="default: 50 (default recipe), 100 (seed recipe)")
    parser.add_argument("--train", type=int, default=common.TRAIN_COUNT, help="training images (validation: the next 10,000)")
    parser.add_argument("--bottleneck", choices=("linear", "relu"), default="linear")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--data", default=str(common.DEFAULT_DATA))
    args = parser.parse_args()
    recipe = args.recipe == "default"
    epochs = args.epochs or (50 if recipe else 100)
    if not 1 <= args.train <= 60_000 - VALIDATION:
        parser.error(f"--train must be in 1...{60_000 - VALIDATION}")

    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ["KERAS_BACKEND"] = "tensorflow"
    import tensorflow as tf

    tf.config.threading.set_intra_op_parallelism_threads(args.threads)
    tf.config.threading.set_inter_op_parallelism_threads(args.threads)
    import keras

    keras.utils.set_random_seed(args.seed)
    images, labels = common.load_train(args.data, args.train + VALIDATION)
    test_images, test_labels = common.load_test(args.data)
    train, val = slice(0, args.train), slice(args.train, args.train + VALIDATION)
    onehot = keras.utils.to_categorical(labels, 10)

    def stack(tensor, spec, dropout):
        for index, (_, outputs, activation) in enumerate(spec):
            tensor = keras.layers.Dense(outputs, activation=activation)(tensor)  # Glorot-uniform, zero bias
            if dropout and index < len(spec) - 1:  # hidden layers only, as aetui's --dropout
                tensor = keras.layers.Dropout(dropout)(tensor)
        return tensor

    dropout = 0.2 if recipe else 0
    encoder = common.ENCODER[:-1] + ((98, 2, args.bottleneck),)
    inputs = keras.Input(shape=(784,))
    code = stack(inputs, encoder, dropout)
    net = keras.Model(inputs, [stack(code, common.DECODER, 0), stack(code, common.CLASSIFIER, dropout)])
    net.compile(optimizer=keras.optimizers.RMSprop(learning_rate=common.LEARNING_RATE, rho=common.RHO,
                                                   epsilon=common.EPSILON),
                loss=["mse", "categorical_crossentropy"], loss_weights=[1.0, common.CE_WEIGHT],
                metrics=[[], ["accuracy"]])

    class KeepBest(keras.callbacks.Callback):
        """The best validation accuracy's weights (the earliest on a tie), as aetui's --keep best."""
        best, epoch, weights = -1.0, 0, None

        def on_epoch_end(self, epoch, logs=None):
            accuracy = next(value for name, value in logs.items() if name.startswith("val_") and name.endswith("accuracy"))
            if accuracy > self.best:
                self.best, self.epoch, self.weights = accuracy, epoch + 1, self.model.get_weights()

    callbacks = []
    if recipe:
        span = max(1, epochs - 1)
        callbacks.append(keras.callbacks.LearningRateScheduler(
            lambda epoch: common.LEARNING_RATE * 0.5 * (1 + math.cos(math.pi * min(epoch, span) / span))))
        keep = KeepBest()
        callbacks.append(keep)
    history = net.fit(images[train], [images[train], onehot[train]], epochs=epochs, batch_size=48, shuffle=True,
                      verbose=0, validation_data=(images[val], [images[val], onehot[val]]), callbacks=callbacks)
    key = next(name for name in history.history if name.startswith("val_") and name.endswith("accuracy"))
    accuracies = history.history[key]
    for epoch, accuracy in enumerate(accuracies, 1):
        print(json.dumps({"type": "epoch", "epoch": epoch, "val_accuracy": accuracy}), flush=True)
    kept = len(accuracies)
    if recipe:
        net.set_weights(keep.weights)
        kept = keep.epoch
    probabilities = net.predict(test_images, batch_size=1000, verbose=0)[1]
    test_accuracy = float((probabilities.argmax(axis=1) == test_labels).mean())
    best = max(range(len(accuracies)), key=accuracies.__getitem__)
    print(json.dumps({"type": "result", "framework": f"keras {keras.__version__}", "recipe": args.recipe,
                      "seed": args.seed, "train": args.train, "bottleneck": args.bottleneck, "epochs": epochs,
                      "final_val_accuracy": accuracies[-1], "best_epoch": best + 1, "best_val_accuracy": accuracies[best],
                      "kept_epoch": kept, "kept_val_accuracy": accuracies[kept - 1], "test_accuracy": test_accuracy}))


if __name__ == "__main__":
    main()
