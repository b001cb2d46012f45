using DatasetForge.Core.Definitions;
using DatasetForge.Training.Data;
using DatasetForge.Training.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DatasetForge.Training.Runs;

/// <summary>
/// The training loop: the chosen optimiser and schedule on cross-entropy (classification, optionally class-weighted)
/// or SmoothL1 (regression), shuffled seeded batches prepared on a worker thread while the model trains, on-the-fly
/// augmentation and optional mixup, one dispose scope per batch, early stopping on the monitored loss, best weights
/// saved as they come and a checkpoint after every epoch; with progressive resizing the first epochs train on the
/// smaller copy of the train split (validation stays at the full size). A pretrained trunk is frozen as <c>freeze</c> says (frozen
/// layers take no gradients and stay in evaluation mode) and trains at its own rate in a second parameter group.
/// </summary>
public static class ModelTrainer
{
    /// <summary>The optimisers <see cref="TrainingOptions.Optimizer"/> accepts.</summary>
    public static IReadOnlyList<string> Optimizers { get; } = ["adam", "adamw", "rmsprop", "sgd"];

    /// <summary>The schedules <see cref="TrainingOptions.Schedule"/> accepts.</summary>
    public static IReadOnlyList<string> Schedules { get; } = ["cosine", "none", "onecycle", "plateau"];

    /// <summary>
    /// Trains <paramref name="model"/> (already on <paramref name="device"/>); saves its best weights to
    /// <c>model.bin</c> and a checkpoint after every epoch in the run folder.
    /// </summary>
    public static TrainingOutcome Fit(
        Module<Tensor, Tensor> model,
        ImageSet train,
        ImageSet? validation,
        TrainerSettings settings,
        Device device,
        TimeProvider time,
        Action<EpochRecord>? onEpoch = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(time);
        if (train.Count == 0)
        {
            throw new ArgumentException("The train split is empty.", nameof(train));
        }

        var options = settings.Options;
        var hasValidation = validation is { Count: > 0 };
        var augmentation = Augmentation.From(options);
        var stepsPerEpoch = (train.Count + options.BatchSize - 1) / options.BatchSize;
        var smallEpochs = 0;
        if (settings.ProgressiveTrain is { } small)
        {
            if (small.Count != train.Count || small.Channels != train.Channels)
            {
                throw new ArgumentException(
                    $"The progressive train set must hold the train set's {train.Count} items with {train.Channels} channel(s), not {small.Count} with {small.Channels}.",
                    nameof(settings));
            }

            smallEpochs = ProgressiveEpochs(options);
        }

        Freeze(model, options);
        using var optimizer = CreateOptimizer(model, options);
        var scheduler = CreateScheduler(optimizer, options, stepsPerEpoch);
        using var classWeights = settings.ClassWeights is { } w ? tensor([.. w]).to(device) : null;
        var epochs = new List<EpochRecord>();
        var bestLoss = double.PositiveInfinity;
        var bestEpoch = 0;
        var sinceBest = 0;
        var firstEpoch = 1;
        if (settings.Resume is { } resume)
        {
            var optimizerPath = Path.Combine(settings.RunFolder, RunFiles.OptimizerState);
            var startRates = optimizer.ParamGroups.Select(g => g.LearningRate).ToArray();
            if (File.Exists(optimizerPath))
            {
                optimizer.load_state_dict(optimizerPath);
            }

            // Schedules are pure functions of the step count (plateau aside, which restarts its patience): replay them,
            // from the rate they started at. The saved state holds the last epoch's rate, and cosine annealing steps
            // from the current rate, so replaying on top of it would anneal twice.
            if (options.Schedule is "onecycle" or "cosine")
            {
                foreach (var (group, rate) in optimizer.ParamGroups.Zip(startRates))
                {
                    group.LearningRate = rate;
                }
            }

            var steps = options.Schedule == "onecycle" ? resume.Epoch * stepsPerEpoch : resume.Epoch;
            for (var i = 0; i < steps && options.Schedule is "onecycle" or "cosine"; i++)
            {
                scheduler?.step();
            }

            (bestLoss, bestEpoch, sinceBest, firstEpoch) = (resume.BestLoss, resume.BestEpoch, resume.SinceBest, resume.Epoch + 1);
        }

        var trainedImages = 0L;
        var trainingTime = TimeSpan.Zero;
        var waited = TimeSpan.Zero;
        var stoppedEarly = false;

        for (var epoch = firstEpoch; epoch <= options.Epochs; epoch++)
        {
            var started = time.GetTimestamp();
            // epochs.csv records the rate this epoch trains at (its first step's, for one-cycle), not the one the
            // schedule has moved on to by the end of it.
            var learningRate = CurrentLearningRate(optimizer);

            // One generator per epoch, derived from the seed, so a resumed run (a new process) shuffles, augments and
            // drops out as an unbroken one would have.
            var epochSeed = EpochSeed(settings.Seed, epoch);
            manual_seed(epochSeed);
            var random = new Random(epochSeed);
            var order = Enumerable.Range(0, train.Count).ToArray();
            random.Shuffle(order);
            var batchSeeds = Enumerable.Range(0, stepsPerEpoch).Select(_ => random.Next()).ToArray();
            // Progressive resizing: the first epochs see the train split at the smaller side (same items, same order).
            var epochTrain = epoch <= smallEpochs ? settings.ProgressiveTrain! : train;
            model.train();
            Freezing.KeepFrozenInEval(model);
            double lossSum = 0;
            double metricSum = 0;
            Task<PreparedBatch>? next = PrepareAsync(epochTrain, order, 0, options.BatchSize, augmentation, batchSeeds[0], cancellationToken);
            for (var step = 0; step < stepsPerEpoch; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var waitStarted = time.GetTimestamp();
                var prepared = next!.GetAwaiter().GetResult();
                waited += time.GetElapsedTime(waitStarted);
                next = step + 1 < stepsPerEpoch
                    ? PrepareAsync(epochTrain, order, (step + 1) * options.BatchSize, options.BatchSize, augmentation, batchSeeds[step + 1], cancellationToken)
                    : null;

                using var scope = NewDisposeScope();
                var (input, labels, values) = epochTrain.ToTensors(prepared, device);
                var mixRandom = new Random(batchSeeds[step] ^ 0x5bd1e995);
                var lambda = options.MixupAlpha > 0 ? SampleBeta(mixRandom, options.MixupAlpha) : 1.0;
                Tensor? permutation = null;
                if (lambda < 1)
                {
                    permutation = randperm(prepared.Labels.Length).to(device);
                    input = input.mul(lambda).add(input.index_select(0, permutation).mul(1 - lambda));
                }

                optimizer.zero_grad();
                var output = model.forward(input);
                var loss = Loss(output, labels, values, settings, classWeights);
                if (permutation is not null)
                {
                    var mixed = Loss(output, labels.index_select(0, permutation), values.index_select(0, permutation), settings, classWeights);
                    loss = loss.mul(lambda).add(mixed.mul(1 - lambda));
                }

                loss.backward();
                optimizer.step();
                if (options.Schedule == "onecycle")
                {
                    scheduler?.step();
                }

                lossSum += loss.item<float>() * prepared.Labels.Length;
                metricSum += MetricSum(output, labels, values, settings);
            }

            var trainSeconds = time.GetElapsedTime(started);
            trainingTime += trainSeconds;
            trainedImages += train.Count;
            var trainLoss = lossSum / train.Count;
            var trainMetric = metricSum / train.Count;

            double? validationLoss = null;
            double? validationMetric = null;
            if (hasValidation)
            {
                (validationLoss, validationMetric) = Evaluate(model, validation!, device, options.BatchSize, settings, cancellationToken);
            }

            var monitored = validationLoss ?? trainLoss;
            switch (options.Schedule)
            {
                case "cosine":
                    scheduler?.step();
                    break;
                case "plateau":
                    scheduler?.step(monitored);
                    break;
            }

            var record = new EpochRecord(
                epoch, trainLoss, trainMetric, validationLoss, validationMetric, time.GetElapsedTime(started).TotalSeconds, learningRate, epochTrain.Size);
            epochs.Add(record);

            if (monitored < bestLoss)
            {
                bestLoss = monitored;
                bestEpoch = epoch;
                sinceBest = 0;
                SaveAtomically(model, Path.Combine(settings.RunFolder, RunFiles.Weights));
            }
            else
            {
                sinceBest++;
            }

            SaveAtomically(model, Path.Combine(settings.RunFolder, RunFiles.Checkpoint));
            optimizer.save_state_dict(Path.Combine(settings.RunFolder, RunFiles.OptimizerState));
            new TrainingCheckpoint(epoch, bestLoss, bestEpoch, sinceBest, learningRate)
                .WriteAsync(settings.RunFolder, CancellationToken.None).GetAwaiter().GetResult();

            onEpoch?.Invoke(record);
            if (options.Patience > 0 && sinceBest >= options.Patience)
            {
                stoppedEarly = epoch < options.Epochs;
                break;
            }
        }

        var imagesPerSecond = trainingTime > TimeSpan.Zero ? trainedImages / trainingTime.TotalSeconds : 0;
        return new TrainingOutcome(epochs.Count, bestEpoch, bestLoss, stoppedEarly, epochs, imagesPerSecond)
        {
            DataWaitSeconds = waited.TotalSeconds,
            TrainSeconds = trainingTime.TotalSeconds,
        };
    }

    /// <summary>
    /// How many epochs train at <see cref="TrainingOptions.ProgressiveSize"/>: <see cref="TrainingOptions.ProgressiveEpochs"/>,
    /// or half of <see cref="TrainingOptions.Epochs"/> (at least 1) when null; 0 when progressive resizing is off.
    /// </summary>
    public static int ProgressiveEpochs(TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.ProgressiveSize is null ? 0 : options.ProgressiveEpochs ?? Math.Max(1, options.Epochs / 2);
    }

    /// <summary>
    /// Mean loss and metric (accuracy, or MAE in label units for regression) of <paramref name="model"/> on
    /// <paramref name="set"/>, without augmentation.
    /// </summary>
    public static (double Loss, double Metric) Evaluate(
        Module<Tensor, Tensor> model, ImageSet set, Device device, int batchSize, TrainerSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(settings);
        model.eval();
        using var noGrad = no_grad();
        double lossSum = 0;
        double metricSum = 0;
        for (var start = 0; start < set.Count; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = Enumerable.Range(start, Math.Min(batchSize, set.Count - start)).ToArray();
            using var scope = NewDisposeScope();
            var (input, labels, values) = set.ToTensors(set.Prepare(batch), device);
            var output = model.forward(input);
            lossSum += Loss(output, labels, values, settings, null).item<float>() * batch.Length;
            metricSum += MetricSum(output, labels, values, settings);
        }

        return (lossSum / set.Count, metricSum / set.Count);
    }

    /// <summary>Class probabilities (softmax) of every item of <paramref name="set"/>: one row per item.</summary>
    public static float[][] Probabilities(
        Module<Tensor, Tensor> model, ImageSet set, Device device, int batchSize, CancellationToken cancellationToken = default) =>
        Outputs(model, set, device, batchSize, output => functional.softmax(output, 1), cancellationToken);

    /// <summary>Predicted values (regression), in label units, for every item of <paramref name="set"/>.</summary>
    public static double[] Values(
        Module<Tensor, Tensor> model, ImageSet set, Device device, int batchSize, double targetMean, double targetScale, CancellationToken cancellationToken = default) =>
        [.. Outputs(model, set, device, batchSize, output => output, cancellationToken).Select(row => (row[0] * targetScale) + targetMean)];

    /// <summary>Predicted class and its softmax probability for every item of <paramref name="set"/>.</summary>
    public static (int[] Predicted, float[] Confidence) Predict(
        Module<Tensor, Tensor> model, ImageSet set, Device device, int batchSize, CancellationToken cancellationToken = default)
    {
        var probabilities = Probabilities(model, set, device, batchSize, cancellationToken);
        var predicted = probabilities.Select(ArgMax).ToArray();
        return (predicted, [.. probabilities.Select((p, i) => p[predicted[i]])]);
    }

    /// <summary>
    /// The seed of epoch <paramref name="epoch"/> of a run seeded with <paramref name="seed"/>: the same in every process
    /// and on every machine (unlike <see cref="HashCode"/>, which .NET randomises per process).
    /// </summary>
    public static int EpochSeed(int seed, int epoch)
    {
        // SplitMix64's finaliser over the pair: neighbouring seeds and epochs give unrelated streams.
        var z = ((ulong)(uint)seed << 32) | (uint)epoch;
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (int)(z & int.MaxValue);
    }

    /// <summary>The index of the largest value (the first on ties).</summary>
    public static int ArgMax(IReadOnlyList<float> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var best = 0;
        for (var i = 1; i < values.Count; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>
    /// Applies <see cref="TrainingOptions.Freeze"/> (null: the model's default) to <paramref name="model"/>, built as
    /// <see cref="TrainingOptions.Model"/> names: the frozen parameters stop taking gradients. Returns the plan.
    /// </summary>
    public static FreezePlan Freeze(Module<Tensor, Tensor> model, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        var spec = ModelFactory.Spec(options.Model);
        var plan = Freezing.Plan(spec, options.Freeze);
        if (plan.TrainsEverything)
        {
            foreach (var parameter in model.parameters())
            {
                parameter.requires_grad = true;
            }
        }
        else
        {
            Freezing.Apply(model, spec, plan);
        }

        return plan;
    }

    /// <summary>
    /// The learning rate of the trained part of a pretrained trunk: <see cref="TrainingOptions.BackboneLearningRate"/>,
    /// or by default a hundredth of <see cref="TrainingOptions.LearningRate"/> for a model built on pretrained weights
    /// (the face models) and the learning rate itself for the others (a run from <c>initialWeights</c> keeps one rate
    /// unless it sets one).
    /// </summary>
    /// <remarks>
    /// Not a tenth: Adam's first steps move every weight by about the rate whatever its gradient, and the face
    /// network's small filters, multiplied by its per-channel scale layers of up to 15, then move far; at a tenth of
    /// Adam's 1e-3 its descriptors collapsed to one direction (pairwise cosine 1.0) within an epoch in 2 of 5 folds of
    /// bench/training's face task, at a hundredth in none (README, "Measured").
    /// </remarks>
    public static double BackboneLearningRate(TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.BackboneLearningRate is { } rate)
        {
            return rate;
        }

        return ModelFactory.IsKnown(options.Model) && ModelFactory.Spec(options.Model).PretrainedWeights is not null
            ? options.LearningRate / 100
            : options.LearningRate;
    }

    /// <summary>
    /// The optimiser <paramref name="options"/> names, on the parameters of <paramref name="model"/> that take gradients
    /// (the frozen ones are left out). With a <see cref="BackboneLearningRate"/> other than the learning rate there are
    /// two parameter groups: the head at <see cref="TrainingOptions.LearningRate"/> first, then the trained part of the
    /// trunk at the backbone rate; schedules scale both.
    /// </summary>
    public static OptimizerHelper CreateOptimizer(Module<Tensor, Tensor> model, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        var trainable = model.named_parameters().Where(p => p.parameter.requires_grad).ToList();
        if (trainable.Count == 0)
        {
            throw new InvalidOperationException($"Model {options.Model} has no parameter left to train (freeze: {options.Freeze}).");
        }

        var backboneRate = BackboneLearningRate(options);
        var groups = new List<(IReadOnlyList<Parameter> Parameters, double Rate)>();
        if (backboneRate == options.LearningRate || !ModelFactory.IsKnown(options.Model))
        {
            groups.Add(([.. trainable.Select(p => p.parameter)], options.LearningRate));
        }
        else
        {
            var spec = ModelFactory.Spec(options.Model);
            groups.Add(([.. trainable.Where(p => spec.IsHead(p.name)).Select(p => p.parameter)], options.LearningRate));
            groups.Add(([.. trainable.Where(p => !spec.IsHead(p.name)).Select(p => p.parameter)], backboneRate));
            groups.RemoveAll(g => g.Parameters.Count == 0);
        }

        return options.Optimizer switch
        {
            "adam" => optim.Adam(
                groups.Select(g => new Adam.ParamGroup(g.Parameters, new Adam.Options { LearningRate = g.Rate })),
                options.LearningRate,
                weight_decay: options.WeightDecay),
            "adamw" => optim.AdamW(
                groups.Select(g => new AdamW.ParamGroup(g.Parameters, new AdamW.Options { LearningRate = g.Rate })),
                options.LearningRate,
                weight_decay: options.WeightDecay),
            "sgd" => optim.SGD(
                groups.Select(g => new SGD.ParamGroup(g.Parameters, new SGD.Options { LearningRate = g.Rate })),
                options.LearningRate,
                momentum: options.Momentum,
                weight_decay: options.WeightDecay),
            "rmsprop" => optim.RMSProp(
                groups.Select(g => new RMSProp.ParamGroup(g.Parameters, new RMSProp.Options { LearningRate = g.Rate })),
                options.LearningRate,
                momentum: options.Momentum,
                weight_decay: options.WeightDecay),
            _ => throw new ArgumentException(
                $"Unknown optimizer '{options.Optimizer}'. Use one of {string.Join(", ", Optimizers)}.", nameof(options)),
        };
    }

    private static optim.lr_scheduler.LRScheduler? CreateScheduler(optim.Optimizer optimizer, TrainingOptions options, int stepsPerEpoch) =>
        options.Schedule switch
        {
            "none" => null,
            "cosine" => optim.lr_scheduler.CosineAnnealingLR(optimizer, options.Epochs),
            "plateau" => optim.lr_scheduler.ReduceLROnPlateau(
                optimizer, factor: options.PlateauFactor, patience: options.PlateauPatience ?? Math.Max(1, options.Patience / 2)),
            "onecycle" => OneCycle(optimizer, options, stepsPerEpoch),
            _ => throw new ArgumentException($"Unknown schedule '{options.Schedule}'. Use one of {string.Join(", ", Schedules)}.", nameof(options)),
        };

    private static optim.lr_scheduler.LRScheduler OneCycle(optim.Optimizer optimizer, TrainingOptions options, int stepsPerEpoch)
    {
        // Momentum cycling needs a momentum to cycle: SGD has one; Adam's beta1 is left alone.
        var cycleMomentum = options.Optimizer == "sgd";
        var peaks = optimizer.ParamGroups.Select(g => g.LearningRate).ToList();
        if (peaks.Count == 1)
        {
            return optim.lr_scheduler.OneCycleLR(
                optimizer, options.LearningRate, epochs: options.Epochs, steps_per_epoch: stepsPerEpoch, cycle_momentum: cycleMomentum);
        }

        // Each group peaks at its own rate, so the trunk stays at its fraction of the head's rate through the cycle.
        return optim.lr_scheduler.OneCycleLR(
            optimizer,
            peaks,
            epochs: options.Epochs,
            steps_per_epoch: stepsPerEpoch,
            cycle_momentum: cycleMomentum,
            base_momentum: Enumerable.Repeat(0.85, peaks.Count),
            max_momentum: Enumerable.Repeat(0.95, peaks.Count));
    }

    private static double CurrentLearningRate(optim.Optimizer optimizer) =>
        optimizer.ParamGroups.FirstOrDefault()?.LearningRate ?? double.NaN;

    private static Task<PreparedBatch> PrepareAsync(
        ImageSet set, int[] order, int start, int batchSize, Augmentation augmentation, int seed, CancellationToken cancellationToken)
    {
        var indices = order.AsSpan(start, Math.Min(batchSize, order.Length - start)).ToArray();
        return Task.Run(() => set.Prepare(indices, augmentation, new Random(seed)), cancellationToken);
    }

    private static Tensor Loss(Tensor output, Tensor labels, Tensor values, TrainerSettings settings, Tensor? classWeights)
    {
        if (settings.Regression)
        {
            var target = values.sub(settings.TargetMean).div(settings.TargetScale);
            return functional.smooth_l1_loss(output.squeeze(1), target);
        }

        return functional.cross_entropy(output, labels, classWeights);
    }

    private static double MetricSum(Tensor output, Tensor labels, Tensor values, TrainerSettings settings)
    {
        if (settings.Regression)
        {
            var predicted = output.squeeze(1).mul(settings.TargetScale).add(settings.TargetMean);
            return predicted.sub(values).abs().sum().item<float>();
        }

        return output.argmax(1).eq(labels).sum().item<long>();
    }

    private static float[][] Outputs(
        Module<Tensor, Tensor> model, ImageSet set, Device device, int batchSize, Func<Tensor, Tensor> transform, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(set);
        model.eval();
        using var noGrad = no_grad();
        var rows = new float[set.Count][];
        for (var start = 0; start < set.Count; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = Enumerable.Range(start, Math.Min(batchSize, set.Count - start)).ToArray();
            using var scope = NewDisposeScope();
            var (input, _, _) = set.ToTensors(set.Prepare(batch), device);
            var output = transform(model.forward(input)).cpu();
            var width = (int)output.shape[1];
            var flat = output.data<float>().ToArray();
            for (var i = 0; i < batch.Length; i++)
            {
                rows[start + i] = flat.AsSpan(i * width, width).ToArray();
            }
        }

        return rows;
    }

    private static void SaveAtomically(Module<Tensor, Tensor> model, string path)
    {
        // A crash mid-save must not leave a torn weights file where resume or evaluation will look.
        var temporary = path + ".tmp";
        model.save(temporary);
        File.Move(temporary, path, overwrite: true);
    }

    private static double SampleBeta(Random random, double alpha)
    {
        var x = SampleGamma(random, alpha);
        var y = SampleGamma(random, alpha);
        return x + y > 0 ? x / (x + y) : 0.5;
    }

    private static double SampleGamma(Random random, double shape)
    {
        // Marsaglia and Tsang; shapes below 1 via the boost Gamma(a) = Gamma(a + 1) * U^(1/a).
        if (shape < 1)
        {
            return SampleGamma(random, shape + 1) * Math.Pow(random.NextDouble(), 1 / shape);
        }

        var d = shape - (1.0 / 3);
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x;
            double v;
            do
            {
                x = Normal(random);
                v = 1 + (c * x);
            }
            while (v <= 0);

            v = v * v * v;
            var u = random.NextDouble();
            if (Math.Log(u) < (0.5 * x * x) + d - (d * v) + (d * Math.Log(v)))
            {
                return d * v;
            }
        }
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
