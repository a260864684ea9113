#!/usr/bin/env python3
"""Keras reference for aetui's accuracy figures: trains the seed experiment (supervised AE with a
2-D bottleneck, seed defaults, seed-protocol split: train = images 0..<10000, validation =
10000..<20000 of the training file) and prints the validation accuracy of the classifier head after
every epoch, then the final and best epochs. Compare with `aetui train --model supervised --seed S`.

    python3 Benchmarks/reference/keras_accuracy.py --seed 1 --epochs 100 [--bottleneck relu] [--threads 1]
"""

import argparse
import json
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the repo
import common  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=common.SEED)
    parser.add_argument("--epochs", type=int, default=100)
    parser.add_argument("--bottleneck", choices=("linear", "relu"), default="linear")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--data", default=str(common.DEFAULT_DATA))
    args = parser.parse_args()

    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ["KERAS_BACKEND"] = "tensorflow"
    import tensorflow as tf

    tf.config.threading.set_intra_op_parallelism_threads(args.threads)
    tf.config.threading.set_inter_op_parallelism_threads(args.threads)
    import keras

    keras.utils.set_random_seed(args.seed)
    images, labels = common.load_train(args.data, 2 * common.TRAIN_COUNT)
    train, val = slice(0, common.TRAIN_COUNT), slice(common.TRAIN_COUNT, 2 * common.TRAIN_COUNT)
    onehot = keras.utils.to_categorical(labels, 10)

    def stack(tensor, spec):
        for _, outputs, activation in spec:
            tensor = keras.layers.Dense(outputs, activation=activation)(tensor)  # Glorot-uniform, zero bias
        return tensor

    encoder = common.ENCODER[:-1] + ((98, 2, args.bottleneck),)
    inputs = keras.Input(shape=(784,))
    code = stack(inputs, encoder)
    net = keras.Model(inputs, [stack(code, common.DECODER), stack(code, common.CLASSIFIER)])
    net.compile(optimizer=keras.optimizers.RMSprop(learning_rate=common.LEARNING_RATE, rho=common.RHO,
                                                   epsilon=common.EPSILON),
                loss=["mse", "categorical_crossentropy"], loss_weights=[1.0, common.CE_WEIGHT],
                metrics=[[], ["accuracy"]])
    history = net.fit(images[train], [images[train], onehot[train]], epochs=args.epochs, batch_size=48, shuffle=True,
                      verbose=0, validation_data=(images[val], [images[val], onehot[val]]))
    key = next(name for name in history.history if name.startswith("val_") and name.endswith("accuracy"))
    accuracies = history.history[key]
    for epoch, accuracy in enumerate(accuracies, 1):
        print(json.dumps({"type": "epoch", "epoch": epoch, "val_accuracy": accuracy}))
    best = max(range(len(accuracies)), key=accuracies.__getitem__)
    print(json.dumps({"type": "result", "framework": f"keras {keras.__version__}", "seed": args.seed,
                      "bottleneck": args.bottleneck, "final_val_accuracy": accuracies[-1],
                      "best_epoch": best + 1, "best_val_accuracy": accuracies[best]}))


if __name__ == "__main__":
    main()
