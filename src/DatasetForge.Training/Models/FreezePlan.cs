namespace DatasetForge.Training.Models;

/// <summary>
/// A resolved <c>freeze</c>: its value (the option, or the model's default), the trunk blocks that train besides the
/// head, and whether everything trains (<c>none</c>, the stem included).
/// </summary>
public sealed record FreezePlan(string Freeze, IReadOnlyList<string> TrainableBlocks, bool TrainsEverything);
