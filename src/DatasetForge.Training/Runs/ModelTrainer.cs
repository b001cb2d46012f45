using DatasetForge.Core.Definitions;
using DatasetForge.Training.Data;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DatasetForge.Training.Runs;

/// <summary>
/// The training loop: Adam on cross-entropy, shuffled seeded batches with augmentation, one dispose scope per batch,
/// early stopping on the validation loss (or the train loss without a validation split), best weights saved as they come.
/// </summary>
public static class ModelTrainer
{
    /// <summary>Trains <paramref name="model"/> (already on <paramref name="device"/>) and saves its best weights to <paramref name="weightsPath"/>.</summary>
    public static TrainingOutcome Fit(
        Module<Tensor, Tensor> model,
        ImageSet train,
        ImageSet? validation,
        TrainingOptions options,
        Device device,
        int seed,
        string weightsPath,
        TimeProvider time,
        Action<EpochRecord>? onEpoch = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        if (train.Count == 0)
        {
            throw new ArgumentException("The train split is empty.", nameof(train));
        }

        var hasValidation = validation is { Count: > 0 };
        var random = new Random(seed);
        using var optimizer = optim.Adam(model.parameters(), options.LearningRate);
        var order = Enumerable.Range(0, train.Count).ToArray();
        var epochs = new List<EpochRecord>();
        var bestLoss = double.PositiveInfinity;
        var bestEpoch = 0;
        var sinceBest = 0;
        var trainedImages = 0L;
        var trainingTime = TimeSpan.Zero;
        var stoppedEarly = false;

        for (var epoch = 1; epoch <= options.Epochs; epoch++)
        {
            var started = time.GetTimestamp();
            random.Shuffle(order);
            model.train();
            double lossSum = 0;
            long correct = 0;
            for (var start = 0; start < order.Length; start += options.BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var batch = order.AsSpan(start, Math.Min(options.BatchSize, order.Length - start)).ToArray();
                using var scope = NewDisposeScope();
                var (input, target) = train.Batch(batch, device, Augmentation.Default, random);
                optimizer.zero_grad();
                var logits = model.forward(input);
                var loss = functional.cross_entropy(logits, target);
                loss.backward();
                optimizer.step();
                lossSum += loss.item<float>() * batch.Length;
                correct += logits.argmax(1).eq(target).sum().item<long>();
            }

            var trainSeconds = time.GetElapsedTime(started);
            trainingTime += trainSeconds;
            trainedImages += train.Count;
            var trainLoss = lossSum / train.Count;
            var trainAccuracy = (double)correct / train.Count;

            double? validationLoss = null;
            double? validationAccuracy = null;
            if (hasValidation)
            {
                (validationLoss, validationAccuracy) = Evaluate(model, validation!, device, options.BatchSize, cancellationToken);
            }

            var record = new EpochRecord(
                epoch, trainLoss, trainAccuracy, validationLoss, validationAccuracy, time.GetElapsedTime(started).TotalSeconds);
            epochs.Add(record);

            var monitored = validationLoss ?? trainLoss;
            if (monitored < bestLoss)
            {
                bestLoss = monitored;
                bestEpoch = epoch;
                sinceBest = 0;
                model.save(weightsPath);
            }
            else
            {
                sinceBest++;
            }

            onEpoch?.Invoke(record);
            if (options.Patience > 0 && sinceBest >= options.Patience)
            {
                stoppedEarly = epoch < options.Epochs;
                break;
            }
        }

        var imagesPerSecond = trainingTime > TimeSpan.Zero ? trainedImages / trainingTime.TotalSeconds : 0;
        return new TrainingOutcome(epochs.Count, bestEpoch, bestLoss, stoppedEarly, epochs, imagesPerSecond);
    }

    /// <summary>Mean cross-entropy and accuracy of <paramref name="model"/> on <paramref name="set"/>, without augmentation.</summary>
    public static (double Loss, double Accuracy) Evaluate(
        Module<Tensor, Tensor> model, ImageSet set, Device device, int batchSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(set);
        model.eval();
        using var noGrad = no_grad();
        double lossSum = 0;
        long correct = 0;
        for (var start = 0; start < set.Count; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = Enumerable.Range(start, Math.Min(batchSize, set.Count - start)).ToArray();
            using var scope = NewDisposeScope();
            var (input, target) = set.Batch(batch, device);
            var logits = model.forward(input);
            lossSum += functional.cross_entropy(logits, target).item<float>() * batch.Length;
            correct += logits.argmax(1).eq(target).sum().item<long>();
        }

        return (lossSum / set.Count, (double)correct / set.Count);
    }

    /// <summary>Predicted class and its softmax probability for every item of <paramref name="set"/>.</summary>
    public static (int[] Predicted, float[] Confidence) Predict(
        Module<Tensor, Tensor> model, ImageSet set, Device device, int batchSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(set);
        model.eval();
        using var noGrad = no_grad();
        var predicted = new int[set.Count];
        var confidence = new float[set.Count];
        for (var start = 0; start < set.Count; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = Enumerable.Range(start, Math.Min(batchSize, set.Count - start)).ToArray();
            using var scope = NewDisposeScope();
            var (input, _) = set.Batch(batch, device);
            var probabilities = functional.softmax(model.forward(input), 1);
            var (values, indexes) = probabilities.max(1);
            var classes = indexes.cpu().data<long>().ToArray();
            var scores = values.cpu().data<float>().ToArray();
            for (var i = 0; i < batch.Length; i++)
            {
                predicted[start + i] = (int)classes[i];
                confidence[start + i] = scores[i];
            }
        }

        return (predicted, confidence);
    }
}
