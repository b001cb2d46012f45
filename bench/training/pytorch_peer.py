"""PyTorch 1.13 peer of the DatasetForge trainer benchmark: the same small CNN / ResNet-18, batch, threads, input and optimiser.

Usage: python3 bench/training/pytorch_peer.py MODEL TRAIN_COUNT TEST_COUNT EPOCHS BATCH THREADS SIZE
"""
import gzip, resource, sys, time
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

FOLDER = "/usr/share/datasets/fashion-mnist"


def load(prefix, count, size):
    with gzip.open(f"{FOLDER}/{prefix}-images-idx3-ubyte.gz") as f:
        images = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 1, 28, 28)[:count]
    with gzip.open(f"{FOLDER}/{prefix}-labels-idx1-ubyte.gz") as f:
        labels = np.frombuffer(f.read(), np.uint8, offset=8)[:count]
    x = torch.from_numpy(images.astype(np.float32))
    x = F.interpolate(x, size=(size, size), mode="bilinear", align_corners=False)
    return x / 127.5 - 1, torch.from_numpy(labels.astype(np.int64))


class SmallCnn(nn.Module):
    def __init__(self, channels, size, classes):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(channels, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(64, 128, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2))
        side = size // 8
        self.classifier = nn.Sequential(nn.Flatten(), nn.Linear(128 * side * side, 128), nn.ReLU(), nn.Dropout(0.5), nn.Linear(128, classes))

    def forward(self, x):
        return self.classifier(self.features(x))


def resnet18(channels, classes):
    import torchvision  # not in Debian's python3-torch; only used when installed
    m = torchvision.models.resnet18(num_classes=classes)
    m.conv1 = nn.Conv2d(channels, 64, 7, 2, 3, bias=False)
    return m


class Block(nn.Module):
    def __init__(self, i, o, s):
        super().__init__()
        self.conv1 = nn.Conv2d(i, o, 3, s, 1, bias=False); self.bn1 = nn.BatchNorm2d(o)
        self.conv2 = nn.Conv2d(o, o, 3, 1, 1, bias=False); self.bn2 = nn.BatchNorm2d(o)
        self.downsample = nn.Sequential(nn.Conv2d(i, o, 1, s, bias=False), nn.BatchNorm2d(o)) if s != 1 or i != o else None

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return F.relu(y + (x if self.downsample is None else self.downsample(x)))


class ResNet18(nn.Module):
    """torchvision's ResNet-18 layout (Debian's python3-torch ships no torchvision)."""
    def __init__(self, channels, classes):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, 64, 7, 2, 3, bias=False); self.bn1 = nn.BatchNorm2d(64)
        self.maxpool = nn.MaxPool2d(3, 2, 1)
        def stage(i, o, s): return nn.Sequential(Block(i, o, s), Block(o, o, 1))
        self.layer1, self.layer2, self.layer3, self.layer4 = stage(64, 64, 1), stage(64, 128, 2), stage(128, 256, 2), stage(256, 512, 2)
        self.fc = nn.Linear(512, classes)

    def forward(self, x):
        x = self.maxpool(F.relu(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


def main():
    model_name, train_count, test_count, epochs, batch, threads, size = sys.argv[1], *map(int, sys.argv[2:8])
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    wall = time.perf_counter()
    x, y = load("train", train_count, size)
    tx, ty = load("t10k", test_count, size)
    model = SmallCnn(1, size, 10) if model_name == "small-cnn" else ResNet18(1, 10)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    train_s = 0.0
    for epoch in range(1, epochs + 1):
        started = time.perf_counter()
        model.train()
        order = torch.randperm(len(x))
        total = 0.0
        for start in range(0, len(x), batch):
            idx = order[start:start + batch]
            optimizer.zero_grad()
            loss = F.cross_entropy(model(x[idx]), y[idx])
            loss.backward()
            optimizer.step()
            total += loss.item() * len(idx)
        seconds = time.perf_counter() - started
        train_s += seconds
        print(f"epoch {epoch}: loss {total / len(x):.4f} {seconds:.1f}s rss {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MiB")
    model.eval()
    correct = 0
    with torch.no_grad():
        for start in range(0, len(tx), 256):
            correct += (model(tx[start:start + 256]).argmax(1) == ty[start:start + 256]).sum().item()
    print(f"RESULT pytorch model={model_name} train={len(x)} epochs={epochs} batch={batch} threads={threads} size={size} "
          f"images_per_s={len(x) * epochs / train_s:.1f} train_s={train_s:.1f} test_acc={correct / len(tx):.4f} "
          f"wall_s={time.perf_counter() - wall:.1f} peak_rss_mib={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}")


if __name__ == "__main__":
    main()
