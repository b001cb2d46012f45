using DatasetForge.Core.Assets;
using DatasetForge.FaceModels.Networks;
using DatasetForge.FaceModels.Weights;
using DatasetForge.Torch.Native;
using OpenCvSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace DatasetForge.FaceModels.Analysis;

/// <summary>
/// Runs face-api's pipeline after detection on faces we found ourselves: 68 landmarks on the detection box, then the
/// descriptor on the dlib-aligned box and age and gender on the landmarks' padded bounding box, as face-api's
/// <c>detectAllFaces(…).withFaceLandmarks().withFaceDescriptors().withAgeAndGender()</c> does.
/// </summary>
/// <remarks>
/// The networks are built at run time from the TensorFlow.js weight files in face-api's npm package (fetched and
/// verified by <c>eng/setup.sh</c>); nothing is converted beforehand. Calls are serialised: the networks share one set
/// of torch tensors, and torch parallelises each forward pass itself.
/// </remarks>
public sealed class FaceAnalyzer : IDisposable
{
    /// <summary>The model name and version recorded with every estimate.</summary>
    public const string ModelName = "face-api 1.7.15 (AgeGenderNet, FaceRecognitionNet, FaceLandmark68Net) in TorchSharp";

    /// <summary>The gender class face-api's first output stands for.</summary>
    public const string Male = "male";

    /// <summary>The gender class face-api's second output stands for.</summary>
    public const string Female = "female";

    /// <summary>The folder of the weight files, relative to the asset folder.</summary>
    public const string ModelDirectory = "face-api/package/model";

    // face-api's alignment constants (src/classes/FaceLandmarks.ts).
    private const double DlibRelativeX = 0.5;
    private const double DlibRelativeY = 0.43;
    private const double DlibRelativeScale = 0.45;
    private const double MinBoxPadding = 0.2;

    private readonly Lock _lock = new();
    private readonly Device _device;
    private bool _disposed;

    private FaceAnalyzer(FaceLandmark68Net landmarks, AgeGenderNet ageGender, FaceRecognitionNet recognition, Device device)
    {
        LandmarkNet = landmarks;
        AgeGenderNet = ageGender;
        RecognitionNet = recognition;
        _device = device;
    }

    /// <summary>The 68-point landmark network.</summary>
    public FaceLandmark68Net LandmarkNet { get; }

    /// <summary>The age and gender network.</summary>
    public AgeGenderNet AgeGenderNet { get; }

    /// <summary>The face descriptor network.</summary>
    public FaceRecognitionNet RecognitionNet { get; }

    /// <summary>
    /// Builds the three networks from the weight files in <paramref name="modelDirectory"/> (default: face-api's
    /// <c>package/model</c> under the asset folder), on <paramref name="device"/> (default: the CPU).
    /// </summary>
    public static FaceAnalyzer Load(string? modelDirectory = null, Device? device = null)
    {
        TorchNative.EnsureLoaded();
        var folder = modelDirectory ?? AssetLocator.Require(ModelDirectory);
        var target = device ?? CPU;
        string Manifest(string name) => Path.Combine(folder, $"{name}-weights_manifest.json");
        FaceLandmark68Net? landmarks = null;
        AgeGenderNet? ageGender = null;
        FaceRecognitionNet? recognition = null;
        try
        {
            landmarks = new FaceLandmark68Net(TfjsWeights.Load(Manifest("face_landmark_68_model")));
            ageGender = new AgeGenderNet(TfjsWeights.Load(Manifest("age_gender_model")));
            recognition = new FaceRecognitionNet(TfjsWeights.Load(Manifest("face_recognition_model")));
            landmarks.eval();
            ageGender.eval();
            recognition.eval();
            landmarks.to(target);
            ageGender.to(target);
            recognition.to(target);

            return new FaceAnalyzer(landmarks, ageGender, recognition, target);
        }
        catch
        {
            landmarks?.Dispose();
            ageGender?.Dispose();
            recognition?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Analyses each face of <paramref name="image"/> (8-bit BGR) given by its detection box in photo pixels; a box
    /// outside the photo gives null.
    /// </summary>
    /// <param name="image">The photo, 8-bit BGR.</param>
    /// <param name="faces">The detection boxes.</param>
    /// <param name="alignment">
    /// How the descriptor's face is cut: <see cref="DescriptorAlignment.LevelEyes"/> (default) turns it so the eyes are
    /// level first, as the dlib face chips the network was trained on are; <see cref="DescriptorAlignment.FaceApi"/> is
    /// face-api's own box, unturned (the parity test's).
    /// </param>
    public IReadOnlyList<FaceAnalysis?> Analyze(Mat image, IReadOnlyList<FaceRegion> faces, DescriptorAlignment alignment = DescriptorAlignment.LevelEyes)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(faces);
        if (image.Type() != MatType.CV_8UC3)
        {
            throw new ArgumentException($"expected an 8-bit BGR image, not {image.Type()}", nameof(image));
        }

        var results = new FaceAnalysis?[faces.Count];
        var slices = faces.Select(f => f.ClipAndFloor(image.Width, image.Height)).ToList();
        var valid = Enumerable.Range(0, faces.Count).Where(i => !slices[i].IsEmpty).ToList();
        if (valid.Count == 0)
        {
            return results;
        }

        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var noGrad = no_grad();
            var relative = RunLandmarks([.. valid.Select(i => (image, slices[i]))]);
            var descriptorRegions = new List<FaceRegion>(valid.Count);
            var ageGenderRegions = new List<FaceRegion>(valid.Count);
            var points = new List<(float X, float Y)[]>(valid.Count);
            for (var k = 0; k < valid.Count; k++)
            {
                var slice = slices[valid[k]];
                var box = faces[valid[k]];
                // FaceLandmarks: relative positions times the sliced face's size, shifted by the detection box.
                var absolute = relative[k].Select(p => ((p.X * slice.Width) + box.X, (p.Y * slice.Height) + box.Y)).ToArray();
                points.Add([.. absolute.Select(p => ((float)p.Item1, (float)p.Item2))]);
                descriptorRegions.Add(DlibAlignedRegion(absolute, slice).ClipAndFloor(image.Width, image.Height));
                ageGenderRegions.Add(PaddedLandmarkBox(absolute).ClipAndFloor(image.Width, image.Height));
            }

            var descriptors = alignment == DescriptorAlignment.LevelEyes
                ? RunLevelledRecognition(image, points, [.. valid.Select(i => slices[i])])
                : RunRecognition([.. descriptorRegions.Select(r => (image, r))]);
            var (ages, male) = RunAgeGender(image, ageGenderRegions);
            for (var k = 0; k < valid.Count; k++)
            {
                results[valid[k]] = descriptorRegions[k].IsEmpty || ageGenderRegions[k].IsEmpty
                    ? null
                    : new FaceAnalysis(points[k], descriptorRegions[k], ageGenderRegions[k], descriptors[k], ages[k], male[k]);
            }
        }

        return results;
    }

    /// <summary>A batch (N, 3, side, side) of the regions, built as face-api's <c>toBatchTensor</c> does.</summary>
    public static Tensor BuildBatch(Mat image, IReadOnlyList<FaceRegion> regions, int side)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(regions);
        return BuildBatch([.. regions.Select(r => (image, r))], side);
    }

    /// <summary>A batch (N, 3, side, side) of one region from each image; an empty region stays zero.</summary>
    private static Tensor BuildBatch(IReadOnlyList<(Mat Image, FaceRegion Region)> faces, int side)
    {
        var size = 3 * side * side;
        var values = new float[faces.Count * size];
        for (var i = 0; i < faces.Count; i++)
        {
            if (!faces[i].Region.IsEmpty)
            {
                NetInputBuilder.Write(faces[i].Image, faces[i].Region, side, values.AsSpan(i * size, size));
            }
        }

        return tensor(values, [faces.Count, 3, side, side]);
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            LandmarkNet.Dispose();
            AgeGenderNet.Dispose();
            RecognitionNet.Dispose();
        }
    }

    /// <summary>The 68 points of each face, relative to its slice (0..1 across its width and height).</summary>
    private List<(double X, double Y)[]> RunLandmarks(IReadOnlyList<(Mat Image, FaceRegion Slice)> faces)
    {
        using var scope = NewDisposeScope();
        var slices = faces.Select(f => f.Slice).ToList();
        var batch = BuildBatch(faces, FaceLandmark68Net.InputSize).to(_device);
        var output = LandmarkNet.forward(batch).cpu().data<float>().ToArray();
        var result = new List<(double X, double Y)[]>(slices.Count);
        const int size = FaceLandmark68Net.InputSize;
        for (var k = 0; k < slices.Count; k++)
        {
            // FaceLandmark68NetBase.postProcess: undo the centred padding of the square input.
            var (width, height) = (slices[k].Width, slices[k].Height);
            var scale = size / Math.Max(width, height);
            var (scaledWidth, scaledHeight) = (width * scale, height * scale);
            var padX = scaledWidth < scaledHeight ? Math.Abs(scaledWidth - scaledHeight) / 2 : 0;
            var padY = scaledHeight < scaledWidth ? Math.Abs(scaledWidth - scaledHeight) / 2 : 0;
            var points = new (double X, double Y)[FaceLandmark68Net.Points];
            for (var p = 0; p < points.Length; p++)
            {
                var at = (k * FaceLandmark68Net.Points * 2) + (p * 2);
                points[p] = (((output[at] * size) - padX) / scaledWidth, ((output[at + 1] * size) - padY) / scaledHeight);
            }

            result.Add(points);
        }

        return result;
    }

    private float[][] RunRecognition(IReadOnlyList<(Mat Image, FaceRegion Region)> faces)
    {
        using var scope = NewDisposeScope();
        var batch = BuildBatch(faces, FaceRecognitionNet.InputSize).to(_device);
        var output = RecognitionNet.forward(batch).cpu().data<float>().ToArray();
        const int length = FaceRecognitionNet.DescriptorLength;
        return [.. Enumerable.Range(0, faces.Count).Select(k => output.AsSpan(k * length, length).ToArray())];
    }

    private (float[] Ages, float[] Male) RunAgeGender(Mat image, IReadOnlyList<FaceRegion> regions)
    {
        using var scope = NewDisposeScope();
        var batch = BuildBatch(image, regions, AgeGenderNet.InputSize).to(_device);
        var (age, gender) = AgeGenderNet.forward(batch);
        var probabilities = gender.cpu().data<float>().ToArray();
        return (age.cpu().data<float>().ToArray(), [.. Enumerable.Range(0, regions.Count).Select(k => probabilities[k * 2])]);
    }

    /// <summary>
    /// Descriptors of the faces turned about the eyes' midpoint until the eyes are level, cut with face-api's dlib box
    /// from the turned landmarks: on real faces this separates people far better than face-api's unturned box
    /// (bench/curation identity). Only the box is warped, not the whole photo; outside the photo is black, as face-api's
    /// zero padding is.
    /// </summary>
    private float[][] RunLevelledRecognition(Mat image, IReadOnlyList<(float X, float Y)[]> points, IReadOnlyList<FaceRegion> slices)
    {
        var chips = new List<Mat>(points.Count);
        try
        {
            // First pass: turn a region twice the detection box about the eyes' midpoint, so the eyes are level.
            var turnedSlices = new List<FaceRegion>(points.Count);
            for (var k = 0; k < points.Count; k++)
            {
                var (left, right) = (Centre(points[k][36..42]), Centre(points[k][42..48]));
                var angle = Math.Atan2(right.Y - left.Y, right.X - left.X) * 180 / Math.PI;
                var slice = slices[k];
                var centre = new Point2f((float)(slice.X + (slice.Width / 2)), (float)(slice.Y + (slice.Height / 2)));
                var (width, height) = ((int)(slice.Width * 2), (int)(slice.Height * 2));
                using var matrix = Cv2.GetRotationMatrix2D(centre, angle, 1);
                matrix.Set(0, 2, matrix.At<double>(0, 2) - centre.X + (width / 2.0));
                matrix.Set(1, 2, matrix.At<double>(1, 2) - centre.Y + (height / 2.0));
                var chip = new Mat();
                chips.Add(chip);
                Cv2.WarpAffine(image, chip, matrix, new OpenCvSharp.Size(width, height), InterpolationFlags.Linear, BorderTypes.Constant, OpenCvSharp.Scalar.Black);
                turnedSlices.Add(new FaceRegion(Math.Floor(width / 4.0), Math.Floor(height / 4.0), slice.Width, slice.Height));
            }

            // Second pass: landmarks again on the levelled face (a tilted or small face's first landmarks are rough),
            // then face-api's dlib box from them.
            var relative = RunLandmarks([.. chips.Zip(turnedSlices)]);
            var regions = new List<FaceRegion>(chips.Count);
            for (var k = 0; k < chips.Count; k++)
            {
                var turned = turnedSlices[k];
                var refined = relative[k].Select(p => ((p.X * turned.Width) + turned.X, (p.Y * turned.Height) + turned.Y)).ToArray();
                regions.Add(DlibAlignedRegion(refined, turned).ClipAndFloor(chips[k].Width, chips[k].Height));
            }

            return RunRecognition([.. chips.Zip(regions)]);
        }
        finally
        {
            foreach (var chip in chips)
            {
                chip.Dispose();
            }
        }
    }

    /// <summary>The mean of some landmarks (face-api's <c>getCenterPoint</c>).</summary>
    private static (double X, double Y) Centre(IEnumerable<(double X, double Y)> points)
    {
        var list = points.ToList();
        return (list.Sum(p => p.X) / list.Count, list.Sum(p => p.Y) / list.Count);
    }

    private static (double X, double Y) Centre(IEnumerable<(float X, float Y)> points) => Centre(points.Select(p => ((double)p.X, (double)p.Y)));

    /// <summary>FaceLandmarks.alignDlib: a square around the eyes and mouth, sized by the eye-to-mouth distance.</summary>
    private static FaceRegion DlibAlignedRegion((double X, double Y)[] points, FaceRegion slice)
    {
        var leftEye = Centre(points[36..42]);
        var rightEye = Centre(points[42..48]);
        var mouth = Centre(points[48..68]);
        double DistanceToMouth((double X, double Y) p) => Math.Sqrt(Math.Pow(mouth.X - p.X, 2) + Math.Pow(mouth.Y - p.Y, 2));
        var eyeToMouth = (DistanceToMouth(leftEye) + DistanceToMouth(rightEye)) / 2;
        var size = Math.Floor(eyeToMouth / DlibRelativeScale);
        var reference = Centre([leftEye, rightEye, mouth]);
        var x = Math.Floor(Math.Max(0, reference.X - (DlibRelativeX * size)));
        var y = Math.Floor(Math.Max(0, reference.Y - (DlibRelativeY * size)));
        // face-api bounds the size by the landmarks' image (the sliced face) plus the offset, as written there.
        return new FaceRegion(x, y, Math.Min(size, slice.Width + x), Math.Min(size, slice.Height + y));
    }

    /// <summary>FaceLandmarks.alignMinBbox: the points' bounding box, padded by 20 % of its size.</summary>
    private static FaceRegion PaddedLandmarkBox((double X, double Y)[] points)
    {
        var minX = points.Min(p => p.X);
        var minY = points.Min(p => p.Y);
        // minBbox starts its maxima at 0, not at -infinity.
        var maxX = Math.Max(0, points.Max(p => p.X));
        var maxY = Math.Max(0, points.Max(p => p.Y));
        var (width, height) = (maxX - minX, maxY - minY);
        var (padX, padY) = (width * MinBoxPadding, height * MinBoxPadding);
        return new FaceRegion(minX - (padX / 2), minY - (padY / 2), width + padX, height + padY);
    }
}
