using System.Runtime.InteropServices;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DatasetForge.Training.Models;

/// <summary>
/// Loads a TorchSharp weights file into a model for fine-tuning. When the file fits the model exactly it is loaded
/// whole; when only the output layer differs (another number of classes) every other layer is loaded and the output
/// layer keeps its fresh weights.
/// </summary>
public static class WeightsLoader
{
    /// <summary>Loads <paramref name="path"/> into <paramref name="model"/>; returns the parameter names left fresh.</summary>
    public static IReadOnlyList<string> LoadMatching(Module<Tensor, Tensor> model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            model.load(path);
            return [];
        }
        catch (Exception whole) when (whole is ArgumentException or InvalidOperationException or ExternalException)
        {
            // Every model here registers its output layer last, so its weight and bias are the last two parameters.
            var head = model.named_parameters().Select(p => p.name).TakeLast(2).ToList();
            try
            {
                model.load(path, strict: false, skip: head);
                return head;
            }
            catch (Exception partial) when (partial is ArgumentException or InvalidOperationException or ExternalException)
            {
                throw new InvalidDataException(
                    $"{path} does not fit this model even without its output layer ({string.Join(", ", head)}): {partial.Message}", partial);
            }
        }
    }
}
