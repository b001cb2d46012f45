using System.Globalization;
using DatasetForge.Core.Definitions;

namespace DatasetForge.Curation.Stage;

/// <summary>
/// The settings that shape a photo's face record and crop, as one string stored with it (<c>Faces.CropSettings</c>):
/// a photo whose stored string differs from today's is detected and cropped again.
/// </summary>
internal static class CropSettings
{
    /// <summary>
    /// For a photo run through the detector: detector, minimum score, face policy (named unless it is the default, one,
    /// so crops made before the policy existed stay current), face share and crop size.
    /// </summary>
    public static string Detected(CurationOptions options, string detector) => options.Faces switch
    {
        FacePolicy.Whole => string.Create(CultureInfo.InvariantCulture, $"{detector} score>={options.MinScore} faces=whole {options.CropSize}x{options.EffectiveCropHeight}"),
        FacePolicy.Pair => string.Create(CultureInfo.InvariantCulture, $"{detector} score>={options.MinScore} faces=pair face={options.FacePercent} {options.CropSize}x{options.EffectiveCropHeight}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{detector} score>={options.MinScore} face={options.FacePercent} {options.CropSize}x{options.EffectiveCropHeight}"),
    };

    /// <summary>For a precropped image: the whole image at the crop size.</summary>
    public static string Whole(CurationOptions options) =>
        string.Create(CultureInfo.InvariantCulture, $"whole {options.CropSize}x{options.EffectiveCropHeight}");
}
