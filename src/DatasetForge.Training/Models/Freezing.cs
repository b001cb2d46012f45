using System.Globalization;
using DatasetForge.Core.Definitions;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DatasetForge.Training.Models;

/// <summary>
/// <see cref="TrainingOptions.Freeze"/>: which parameters of a model train, and keeping the frozen layers in evaluation
/// mode while the rest trains, so their batch-norm statistics and dropout stay as they were pretrained.
/// </summary>
public static class Freezing
{
    /// <summary>Only the head trains.</summary>
    public const string All = "all";

    /// <summary>Every layer trains.</summary>
    public const string None = "none";

    /// <summary>Whether <paramref name="value"/> is a freeze: null (the model's default), all, none or a count of blocks.</summary>
    public static bool IsValid(string? value) => value is null or All or None || TryCount(value, out _);

    /// <summary>
    /// The blocks of <paramref name="spec"/>'s trunk that train under <paramref name="freeze"/> (null: the model's
    /// default); an error names the choices and the model's blocks.
    /// </summary>
    public static FreezePlan Plan(ModelSpec spec, string? freeze)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var value = freeze ?? spec.DefaultFreeze;
        switch (value)
        {
            case None:
                return new FreezePlan(value, spec.Blocks, TrainsEverything: true);
            case All:
                return new FreezePlan(value, [], TrainsEverything: false);
        }

        if (!TryCount(value, out var count))
        {
            throw new ArgumentException($"freeze must be all, none or a number of residual blocks to train (e.g. 2), not '{value}'.");
        }

        if (count > spec.Blocks.Count)
        {
            throw new ArgumentException(
                $"freeze: {count} would train more blocks than model {spec.Name} has ({spec.Blocks.Count}: {string.Join(", ", spec.Blocks)}).");
        }

        return new FreezePlan(value, [.. spec.Blocks.TakeLast(count)], TrainsEverything: false);
    }

    /// <summary>Makes the parameters of <paramref name="model"/> the plan freezes stop taking gradients, and the others take them.</summary>
    public static void Apply(Module<Tensor, Tensor> model, ModelSpec spec, FreezePlan plan)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(plan);
        var parameters = model.named_parameters().ToList();
        foreach (var prefix in spec.Head.Concat(plan.TrainableBlocks))
        {
            if (!parameters.Any(p => HasPrefix(p.name, prefix)))
            {
                throw new InvalidOperationException($"Model {spec.Name} has no parameter under '{prefix}': the model and its spec disagree.");
            }
        }

        foreach (var (name, parameter) in parameters)
        {
            parameter.requires_grad = plan.TrainsEverything || spec.IsHead(name) || plan.TrainableBlocks.Any(block => HasPrefix(name, block));
        }
    }

    /// <summary>
    /// After <c>model.train()</c>: puts every submodule whose parameters are all frozen back in evaluation mode (a
    /// frozen batch norm keeps its running statistics, a frozen block's dropout stays off).
    /// </summary>
    public static void KeepFrozenInEval(Module<Tensor, Tensor> model)
    {
        ArgumentNullException.ThrowIfNull(model);
        foreach (var (_, module) in model.named_modules())
        {
            var parameters = module.parameters().ToList();
            if (parameters.Count > 0 && parameters.TrueForAll(p => !p.requires_grad))
            {
                module.eval();
            }
        }
    }

    /// <summary>Whether parameter <paramref name="name"/> lies under <paramref name="prefix"/> (the prefix is a whole dotted part).</summary>
    public static bool HasPrefix(string name, string prefix)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(prefix);
        return name.StartsWith(prefix, StringComparison.Ordinal) && (name.Length == prefix.Length || name[prefix.Length] == '.');
    }

    private static bool TryCount(string value, out int count) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out count);
}
