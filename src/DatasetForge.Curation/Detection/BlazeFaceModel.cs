using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OpenCvSharp;

namespace DatasetForge.Curation.Detection;

/// <summary>
/// One BlazeFace ONNX model (front 128 px or back 256 px): letterbox, normalise to [-1, 1], run, decode the 896
/// anchors and merge overlapping boxes. <see cref="InferenceSession.Run(IReadOnlyCollection{NamedOnnxValue})"/> is
/// thread-safe, so one instance serves every worker.
/// </summary>
internal sealed class BlazeFaceModel : IDisposable
{
    private const int Values = 16;
    private const int KeypointCount = 6;
    private const float SuppressionThreshold = 0.3f;

    private readonly InferenceSession _session;
    private readonly string _inputName;

    public BlazeFaceModel(string modelPath, int intraOpThreads)
    {
        if (!File.Exists(modelPath))
        {
            throw new FileNotFoundException($"BlazeFace model '{modelPath}' does not exist.", modelPath);
        }

        using var options = new SessionOptions
        {
            IntraOpNumThreads = intraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            // The models carry unused initializers; ONNX Runtime warns about each on every load.
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        _session = new InferenceSession(modelPath, options);
        var input = _session.InputMetadata.Single();
        _inputName = input.Key;
        var dims = input.Value.Dimensions;
        if (dims.Length != 4 || dims[1] != dims[2] || dims[3] != 3)
        {
            _session.Dispose();
            throw new InvalidDataException($"'{modelPath}' is not a BlazeFace model: input shape [{string.Join(", ", dims)}] is not 1xSxSx3.");
        }

        InputSize = dims[1];
    }

    /// <summary>The side of the square input in pixels (128 or 256).</summary>
    public int InputSize { get; }

    public List<FaceDetection> Detect(Mat image, float minScore)
    {
        var size = InputSize;
        var scale = (float)size / Math.Max(image.Width, image.Height);
        var resizedWidth = Math.Max(1, (int)Math.Round(image.Width * scale));
        var resizedHeight = Math.Max(1, (int)Math.Round(image.Height * scale));
        var padX = (size - resizedWidth) / 2;
        var padY = (size - resizedHeight) / 2;

        var input = new float[size * size * 3];
        using (var resized = new Mat())
        using (var letterbox = new Mat(size, size, MatType.CV_8UC3, Scalar.All(0)))
        using (var rgb = new Mat())
        using (var normalised = new Mat())
        {
            Cv2.Resize(image, resized, new Size(resizedWidth, resizedHeight), interpolation: InterpolationFlags.Area);
            using (var target = new Mat(letterbox, new Rect(padX, padY, resizedWidth, resizedHeight)))
            {
                resized.CopyTo(target);
            }

            Cv2.CvtColor(letterbox, rgb, ColorConversionCodes.BGR2RGB);
            // MediaPipe feeds BlazeFace RGB in [-1, 1]. Checked on the six sample photos: [0, 1] input finds 20 of 22
            // faces with the back model (21 with [-1, 1]) and 3 instead of 9 with the front model, at lower scores.
            rgb.ConvertTo(normalised, MatType.CV_32FC3, 2.0 / 255.0, -1.0);
            CopyPixels(normalised, input);
        }

        var tensor = new DenseTensor<float>(input, [1, size, size, 3]);
        using var outputs = _session.Run([NamedOnnxValue.CreateFromTensor(_inputName, tensor)]);
        var scores1 = Output(outputs, BlazeFaceAnchors.FirstCount, 1);
        var scores2 = Output(outputs, BlazeFaceAnchors.SecondCount, 1);
        var boxes1 = Output(outputs, BlazeFaceAnchors.FirstCount, Values);
        var boxes2 = Output(outputs, BlazeFaceAnchors.SecondCount, Values);

        var candidates = new List<FaceDetection>();
        Decode(scores1, boxes1, 0);
        Decode(scores2, boxes2, BlazeFaceAnchors.FirstCount);
        return NonMaximumSuppression.Weighted(candidates, SuppressionThreshold);

        void Decode(float[] scores, float[] boxes, int anchorOffset)
        {
            for (var i = 0; i < scores.Length; i++)
            {
                var score = Sigmoid(scores[i]);
                if (score < minScore)
                {
                    continue;
                }

                var (ax, ay) = BlazeFaceAnchors.Centres[anchorOffset + i];
                var raw = boxes.AsSpan(i * Values, Values);
                var cx = ToOriginalX((raw[0] / size) + ax);
                var cy = ToOriginalY((raw[1] / size) + ay);
                var w = raw[2] / scale;
                var h = raw[3] / scale;
                var points = new Point2f[KeypointCount];
                for (var k = 0; k < KeypointCount; k++)
                {
                    points[k] = new Point2f(ToOriginalX((raw[4 + (2 * k)] / size) + ax), ToOriginalY((raw[5 + (2 * k)] / size) + ay));
                }

                candidates.Add(new FaceDetection(new Rect2f(cx - (w / 2), cy - (h / 2), w, h), score, points));
            }
        }

        float ToOriginalX(float normalised) => ((normalised * size) - padX) / scale;

        float ToOriginalY(float normalised) => ((normalised * size) - padY) / scale;
    }

    public void Dispose() => _session.Dispose();

    private static unsafe void CopyPixels(Mat normalised, float[] target)
    {
        if (!normalised.IsContinuous() || normalised.Total() * 3 != target.Length)
        {
            throw new InvalidOperationException("The normalised input is not one continuous block of the expected size.");
        }

        new ReadOnlySpan<float>((void*)normalised.Data, target.Length).CopyTo(target);
    }

    private static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-Math.Clamp(x, -100f, 100f)));

    private static float[] Output(IDisposableReadOnlyCollection<DisposableNamedOnnxValue> outputs, int anchors, int values)
    {
        foreach (var output in outputs)
        {
            var tensor = output.AsTensor<float>();
            var dims = tensor.Dimensions;
            if (dims.Length == 3 && dims[1] == anchors && dims[2] == values)
            {
                return tensor.ToArray();
            }
        }

        throw new InvalidDataException($"The BlazeFace model has no output of shape 1x{anchors}x{values}.");
    }
}
