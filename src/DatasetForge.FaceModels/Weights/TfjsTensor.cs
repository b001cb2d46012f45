namespace DatasetForge.FaceModels.Weights;

/// <summary>One dequantised weight of a TensorFlow.js weight set, in TensorFlow's layout (filters are HWIO).</summary>
/// <param name="Name">The weight's name in the manifest, e.g. <c>conv32_down/conv/filters</c>.</param>
/// <param name="Shape">Its shape as the manifest gives it.</param>
/// <param name="Values">Its values, row-major over <paramref name="Shape"/>.</param>
public sealed record TfjsTensor(string Name, int[] Shape, float[] Values);
