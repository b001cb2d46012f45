using OpenCvSharp;

namespace DatasetForge.FaceModels.Analysis;

/// <summary>
/// face-api's <c>NetInput.toBatchTensor</c> for a tensor input: the region's RGB pixels padded to a square with zeros
/// (centred: <c>round(diff / 2)</c> after, the rest before) and resized with TensorFlow's legacy bilinear resize
/// (<c>alignCorners = false</c>, <c>halfPixelCenters = false</c>: source = destination x in/out). OpenCV's and
/// PyTorch's resizes use half-pixel centres and would give other pixels.
/// </summary>
internal static class NetInputBuilder
{
    /// <summary>Writes the CHW RGB planes (0..255) of <paramref name="region"/> of the BGR image into <paramref name="destination"/>.</summary>
    public static unsafe void Write(Mat bgr, FaceRegion region, int side, Span<float> destination)
    {
        var x0 = (int)region.X;
        var y0 = (int)region.Y;
        var width = (int)region.Width;
        var height = (int)region.Height;
        if (destination.Length != 3 * side * side)
        {
            throw new ArgumentException($"the destination holds {destination.Length} values, not 3 x {side} x {side}", nameof(destination));
        }

        // The padded square, HWC RGB as floats.
        var diff = Math.Abs(height - width);
        var after = (int)Math.Floor((diff * 0.5) + 0.5); // JavaScript's Math.round
        var before = diff - after;
        var padRows = height < width;
        var square = Math.Max(width, height);
        var offsetX = padRows ? 0 : before;
        var offsetY = padRows ? before : 0;
        var padded = new float[square * square * 3];
        var data = (byte*)bgr.Data;
        var step = bgr.Step();
        for (var y = 0; y < height; y++)
        {
            var row = data + ((y0 + y) * step) + (x0 * 3);
            for (var x = 0; x < width; x++)
            {
                var at = (((offsetY + y) * square) + offsetX + x) * 3;
                padded[at] = row[(x * 3) + 2];
                padded[at + 1] = row[(x * 3) + 1];
                padded[at + 2] = row[x * 3];
            }
        }

        var plane = side * side;
        if (square == side)
        {
            for (var i = 0; i < plane; i++)
            {
                destination[i] = padded[i * 3];
                destination[plane + i] = padded[(i * 3) + 1];
                destination[(2 * plane) + i] = padded[(i * 3) + 2];
            }

            return;
        }

        var ratio = (double)square / side;
        for (var r = 0; r < side; r++)
        {
            var sourceRow = ratio * r;
            var top = (int)Math.Floor(sourceRow);
            var bottom = Math.Min(square - 1, (int)Math.Ceiling(sourceRow));
            var rowFraction = sourceRow - top;
            for (var c = 0; c < side; c++)
            {
                var sourceCol = ratio * c;
                var left = (int)Math.Floor(sourceCol);
                var right = Math.Min(square - 1, (int)Math.Ceiling(sourceCol));
                var colFraction = sourceCol - left;
                for (var channel = 0; channel < 3; channel++)
                {
                    double topLeft = padded[(((top * square) + left) * 3) + channel];
                    double topRight = padded[(((top * square) + right) * 3) + channel];
                    double bottomLeft = padded[(((bottom * square) + left) * 3) + channel];
                    double bottomRight = padded[(((bottom * square) + right) * 3) + channel];
                    var upper = topLeft + ((topRight - topLeft) * colFraction);
                    var lower = bottomLeft + ((bottomRight - bottomLeft) * colFraction);
                    destination[(channel * plane) + (r * side) + c] = (float)(upper + ((lower - upper) * rowFraction));
                }
            }
        }
    }
}
