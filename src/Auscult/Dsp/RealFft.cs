using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Auscult.Dsp;

/// <summary>
/// A forward FFT plan for real input of a power-of-two size <c>N</c>: bit-reversal table and twiddles are computed
/// once in the constructor; <see cref="Forward"/> allocates nothing and keeps no state, so one plan may be shared by
/// any number of threads.
/// </summary>
/// <remarks>
/// <para>Output layout: the <c>N / 2 + 1</c> non-negative-frequency bins, interleaved
/// <c>[re0, im0, re1, im1, ..., re(N/2), im(N/2)]</c> (length <c>N + 2</c>), unscaled, with the sign convention
/// <c>X[k] = sum x[n] exp(-2 pi i k n / N)</c>: the same values as <c>numpy.fft.rfft</c>.</para>
/// <para>Algorithm: the real signal is packed as the complex sequence <c>z[n] = x[2n] + i x[2n+1]</c> of length
/// <c>M = N / 2</c> (written straight into bit-reversed order), transformed by an iterative radix-2
/// decimation-in-time FFT whose first two stages are fused into one multiply-free radix-4 pass, and split into the
/// real spectrum with <c>X[k] = E[k] + W^k O[k]</c>. The complex FFT runs in place in the output buffer, so no scratch
/// is needed.</para>
/// <para>SIMD: with 256-bit vectors (x64 AVX) the first pass, the later stages (two at a time where they fit), the
/// split and the power spectrum work on 4 complex values per vector; with 128-bit vectors only (Arm NEON) the stages
/// use 2 per vector and the rest is scalar; without SIMD everything is scalar. Each kept path was measured faster
/// (FftBenchmarks) and every path gives the same results to float32 rounding (RealFftTests pass with
/// <c>DOTNET_EnableAVX=0</c> and <c>DOTNET_EnableHWIntrinsic=0</c>).</para>
/// </remarks>
public sealed class RealFft
{
    private readonly int _size;
    private readonly int _half;
    private readonly int[] _bitReverse;

    // Stage twiddles for the complex FFT of size M, stage with half-length h at complex index h + j (j < h):
    // w = exp(-2 pi i j / (2h)). Stored twice: re/im for the scalar path, and "duplicated" for the interleaved SIMD
    // path: _twRe2[2(h+j)] = _twRe2[2(h+j)+1] = re(w), _twImSigned[2(h+j)] = -im(w), [2(h+j)+1] = +im(w).
    private readonly float[] _twRe;
    private readonly float[] _twIm;
    private readonly float[] _twRe2;
    private readonly float[] _twImSigned;

    // Split twiddles exp(-2 pi i k / N) for k = 0 .. M/2, plain and duplicated/signed as the stage twiddles.
    private readonly float[] _splitRe;
    private readonly float[] _splitIm;
    private readonly float[] _splitRe2;
    private readonly float[] _splitImSigned;

    /// <param name="size">The transform size N (samples), a power of two of at least 4.</param>
    public RealFft(int size)
    {
        if (size < 4 || !BitOperations.IsPow2(size))
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "The FFT size must be a power of two of at least 4.");
        }

        _size = size;
        _half = size / 2;
        int m = _half;
        int bits = BitOperations.Log2((uint)m);

        _bitReverse = new int[m];
        for (int k = 0; k < m; k++)
        {
            _bitReverse[k] = bits == 0 ? 0 : (int)(ReverseBits((uint)k) >> (32 - bits));
        }

        _twRe = new float[Math.Max(m, 2)];
        _twIm = new float[Math.Max(m, 2)];
        _twRe2 = new float[2 * Math.Max(m, 2)];
        _twImSigned = new float[2 * Math.Max(m, 2)];
        for (int h = 1; h < m; h *= 2)
        {
            for (int j = 0; j < h; j++)
            {
                // Twiddles in double, rounded once: keeps the float32 transform within a few ulps of numpy's.
                double angle = -Math.PI * j / h;
                float re = (float)Math.Cos(angle), im = (float)Math.Sin(angle);
                _twRe[h + j] = re;
                _twIm[h + j] = im;
                _twRe2[2 * (h + j)] = re;
                _twRe2[(2 * (h + j)) + 1] = re;
                _twImSigned[2 * (h + j)] = -im;
                _twImSigned[(2 * (h + j)) + 1] = im;
            }
        }

        _splitRe = new float[(m / 2) + 1];
        _splitIm = new float[(m / 2) + 1];
        _splitRe2 = new float[(2 * (m / 2)) + 2];
        _splitImSigned = new float[(2 * (m / 2)) + 2];
        for (int k = 0; k <= m / 2; k++)
        {
            double angle = -2 * Math.PI * k / size;
            _splitRe[k] = (float)Math.Cos(angle);
            _splitIm[k] = (float)Math.Sin(angle);
            _splitRe2[2 * k] = _splitRe2[(2 * k) + 1] = _splitRe[k];
            _splitImSigned[2 * k] = -_splitIm[k];
            _splitImSigned[(2 * k) + 1] = _splitIm[k];
        }
    }

    /// <summary>The transform size N (samples).</summary>
    public int Size => _size;

    /// <summary>Number of non-negative-frequency bins, <c>N / 2 + 1</c>.</summary>
    public int BinCount => _half + 1;

    /// <summary>Length of the interleaved output of <see cref="Forward"/>, <c>N + 2</c>.</summary>
    public int OutputLength => _size + 2;

    /// <summary>
    /// Transforms <paramref name="input"/> (N real samples) into <paramref name="output"/>: <c>N / 2 + 1</c> complex
    /// bins interleaved as re, im (<see cref="OutputLength"/> floats; a longer span is used from its start).
    /// </summary>
    /// <remarks>Matches <c>numpy.fft.rfft</c> to float32 precision. The spans must not overlap.</remarks>
    public void Forward(ReadOnlySpan<float> input, Span<float> output)
    {
        if (input.Length != _size)
        {
            throw new ArgumentException($"The input holds {input.Length} samples; this plan transforms {_size}.", nameof(input));
        }

        if (output.Length < _size + 2)
        {
            throw new ArgumentException($"The output holds {output.Length} floats; {_size + 2} are needed.", nameof(output));
        }

        if (input.Overlaps(output))
        {
            throw new ArgumentException("The input and output spans must not overlap.", nameof(output));
        }

        // 1. Pack pairs (x[2k], x[2k+1]) as complex z[k], written at bit-reversed positions: one 8-byte move each.
        ReadOnlySpan<ulong> pairs = MemoryMarshal.Cast<float, ulong>(input);
        Span<ulong> packed = MemoryMarshal.Cast<float, ulong>(output[.._size]);
        int[] reverse = _bitReverse;
        for (int k = 0; k < pairs.Length; k++)
        {
            packed[reverse[k]] = pairs[k];
        }

        // 2. Complex FFT of size M in place.
        Span<float> data = output[.._size];
        int m = _half;
        int h = 1;
        if (m >= 4)
        {
            if (Vector256.IsHardwareAccelerated)
            {
                Radix4FirstPass256(data);
            }
            else
            {
                Radix4FirstPass(data);
            }

            h = 4;
        }

        if (Vector256.IsHardwareAccelerated)
        {
            // Two radix-2 stages per pass while they fit: half the loads and stores of separate stages.
            for (; h >= 4 && 4 * h <= m; h *= 4)
            {
                ButterflyStagePair256(data, h);
            }
        }

        for (; h < m; h *= 2)
        {
            if (Vector256.IsHardwareAccelerated && h >= 4)
            {
                ButterflyStage256(data, h);
            }
            else if (Vector128.IsHardwareAccelerated && h >= 2)
            {
                ButterflyStage128(data, h);
            }
            else
            {
                ButterflyStageScalar(data, h);
            }
        }

        // 3. Split into the spectrum of the real signal.
        if (Vector256.IsHardwareAccelerated && m >= 8)
        {
            Split256(output);
        }
        else
        {
            Split(output);
        }
    }

    /// <summary>
    /// Writes <c>|X[k]|^exponent</c> for the <c>N / 2 + 1</c> bins of an interleaved spectrum from
    /// <see cref="Forward"/>.
    /// </summary>
    /// <param name="spectrum">Interleaved re, im pairs; the number of bins is <c>power.Length</c>.</param>
    /// <param name="power">Receives one value per bin.</param>
    /// <param name="exponent">2 for power (librosa's default <c>power=2.0</c>), 1 for magnitude, or any positive value.</param>
    public static void PowerSpectrum(ReadOnlySpan<float> spectrum, Span<float> power, float exponent = 2f)
    {
        int bins = power.Length;
        if (spectrum.Length < 2 * bins)
        {
            throw new ArgumentException($"The spectrum holds {spectrum.Length / 2} bins; {bins} are needed.", nameof(spectrum));
        }

        ref float s = ref MemoryMarshal.GetReference(spectrum);
        ref float p = ref MemoryMarshal.GetReference(power);
        if (exponent == 2f)
        {
            int k = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                // 4 bins per vector: square [re im re im ...], add each lane to its pair partner, then gather lanes
                // 0, 2, 4, 6 into the lower half and store those 4 floats. The remainder (513 = 4 * 128 + 1) is scalar.
                var swap = Vector256.Create(1, 0, 3, 2, 5, 4, 7, 6);
                var gather = Vector256.Create(0, 2, 4, 6, 0, 2, 4, 6);
                for (; k + 4 <= bins; k += 4)
                {
                    var v = Vector256.LoadUnsafe(ref s, (nuint)(2 * k));
                    var squares = v * v;
                    var sums = squares + Vector256.Shuffle(squares, swap);
                    Vector256.Shuffle(sums, gather).GetLower().StoreUnsafe(ref p, (nuint)k);
                }
            }

            for (; k < bins; k++)
            {
                float re = Unsafe.Add(ref s, 2 * k), im = Unsafe.Add(ref s, (2 * k) + 1);
                Unsafe.Add(ref p, k) = (re * re) + (im * im);
            }
        }
        else if (exponent == 1f)
        {
            for (int k = 0; k < bins; k++)
            {
                float re = Unsafe.Add(ref s, 2 * k), im = Unsafe.Add(ref s, (2 * k) + 1);
                Unsafe.Add(ref p, k) = MathF.Sqrt((re * re) + (im * im));
            }
        }
        else
        {
            // |X|^p = (|X|^2)^(p/2).
            float halfExponent = exponent / 2f;
            for (int k = 0; k < bins; k++)
            {
                float re = Unsafe.Add(ref s, 2 * k), im = Unsafe.Add(ref s, (2 * k) + 1);
                Unsafe.Add(ref p, k) = MathF.Pow((re * re) + (im * im), halfExponent);
            }
        }
    }

    private static uint ReverseBits(uint v)
    {
        v = ((v >> 1) & 0x55555555u) | ((v & 0x55555555u) << 1);
        v = ((v >> 2) & 0x33333333u) | ((v & 0x33333333u) << 2);
        v = ((v >> 4) & 0x0F0F0F0Fu) | ((v & 0x0F0F0F0Fu) << 4);
        v = ((v >> 8) & 0x00FF00FFu) | ((v & 0x00FF00FFu) << 8);
        return (v >> 16) | (v << 16);
    }

    // Stages h = 1 and h = 2 fused: every group of 4 complex values gets a 4-point DFT whose twiddles are 1 and -i,
    // so no multiplications are needed.
    private static void Radix4FirstPass(Span<float> data)
    {
        ref float d = ref MemoryMarshal.GetReference(data);
        for (int i = 0; i < data.Length; i += 8)
        {
            ref float g = ref Unsafe.Add(ref d, i);
            float ar = g, ai = Unsafe.Add(ref g, 1);
            float br = Unsafe.Add(ref g, 2), bi = Unsafe.Add(ref g, 3);
            float cr = Unsafe.Add(ref g, 4), ci = Unsafe.Add(ref g, 5);
            float dr = Unsafe.Add(ref g, 6), di = Unsafe.Add(ref g, 7);

            // h = 1: (a, b) and (c, d) with twiddle 1.
            float s0r = ar + br, s0i = ai + bi, d0r = ar - br, d0i = ai - bi;
            float s1r = cr + dr, s1i = ci + di, d1r = cr - dr, d1i = ci - di;

            // h = 2: twiddle 1 for the sums, -i for the differences: (-i)(x + iy) = y - ix.
            g = s0r + s1r;
            Unsafe.Add(ref g, 1) = s0i + s1i;
            Unsafe.Add(ref g, 4) = s0r - s1r;
            Unsafe.Add(ref g, 5) = s0i - s1i;
            float tr = d1i, ti = -d1r;
            Unsafe.Add(ref g, 2) = d0r + tr;
            Unsafe.Add(ref g, 3) = d0i + ti;
            Unsafe.Add(ref g, 6) = d0r - tr;
            Unsafe.Add(ref g, 7) = d0i - ti;
        }
    }

    // Radix4FirstPass with one 4-point group per Vector256 (4 complex = 8 lanes; M is a multiple of 4, so no
    // remainder). With the group [z0 z1 | z2 z3]:
    //   [s0 d0 | s1 d1] = [z0 z0 | z2 z2] + [z1 z1 | z3 z3] * [1 1 -1 -1 | 1 1 -1 -1]    (stage h = 1)
    //   out = [s0 d0 | s0 d0] + [s1 -i d1 | s1 -i d1] * [1 1 1 1 | -1 -1 -1 -1]           (stage h = 2)
    // giving [s0 + s1, d0 - i d1, s0 - s1, d0 + i d1]; -i (x + iy) = y - ix is a swap and a sign.
    private static void Radix4FirstPass256(Span<float> data)
    {
        ref float d = ref MemoryMarshal.GetReference(data);
        var firstSigns = Vector256.Create(1f, 1f, -1f, -1f, 1f, 1f, -1f, -1f);
        var minusISigns = Vector256.Create(1f, 1f, 1f, -1f, 1f, 1f, 1f, -1f);
        var secondSigns = Vector256.Create(1f, 1f, 1f, 1f, -1f, -1f, -1f, -1f);
        for (int i = 0; i < data.Length; i += 8)
        {
            var z = Vector256.LoadUnsafe(ref d, (nuint)i);
            var evens = Vector256.Shuffle(z, Vector256.Create(0, 1, 0, 1, 4, 5, 4, 5));
            var odds = Vector256.Shuffle(z, Vector256.Create(2, 3, 2, 3, 6, 7, 6, 7));
            var first = evens + (odds * firstSigns);
            var low = Vector256.Shuffle(first, Vector256.Create(0, 1, 2, 3, 0, 1, 2, 3));
            var high = Vector256.Shuffle(first, Vector256.Create(4, 5, 7, 6, 4, 5, 7, 6)) * minusISigns;
            (low + (high * secondSigns)).StoreUnsafe(ref d, (nuint)i);
        }
    }

    private void ButterflyStageScalar(Span<float> data, int h)
    {
        ref float d = ref MemoryMarshal.GetReference(data);
        int m = data.Length / 2;
        for (int start = 0; start < m; start += 2 * h)
        {
            for (int j = 0; j < h; j++)
            {
                float wr = _twRe[h + j], wi = _twIm[h + j];
                ref float a = ref Unsafe.Add(ref d, 2 * (start + j));
                ref float b = ref Unsafe.Add(ref d, 2 * (start + j + h));
                float br = b, bi = Unsafe.Add(ref b, 1);
                float tr = (br * wr) - (bi * wi), ti = (br * wi) + (bi * wr);
                float ar = a, ai = Unsafe.Add(ref a, 1);
                b = ar - tr;
                Unsafe.Add(ref b, 1) = ai - ti;
                a = ar + tr;
                Unsafe.Add(ref a, 1) = ai + ti;
            }
        }
    }

    // One radix-2 stage on interleaved complex data, 4 complex values (8 float lanes) per vector. h >= 4, and h is a
    // power of two, so every group of h values is a whole number of vectors: no remainder loop.
    // Complex multiply b * w with b = [br, bi, ...]: b * [wr, wr] + swap(b) * [-wi, wi] = [br wr - bi wi, bi wr + br wi].
    private void ButterflyStage256(Span<float> data, int h)
    {
        ref float d = ref MemoryMarshal.GetReference(data);
        ref float twRe = ref MemoryMarshal.GetArrayDataReference(_twRe2);
        ref float twIm = ref MemoryMarshal.GetArrayDataReference(_twImSigned);
        int m = data.Length / 2;
        for (int start = 0; start < m; start += 2 * h)
        {
            for (int j = 0; j < h; j += 4)
            {
                int ai = 2 * (start + j), bi = ai + (2 * h);
                var a = Vector256.LoadUnsafe(ref d, (nuint)ai);
                var b = Vector256.LoadUnsafe(ref d, (nuint)bi);
                var wr = Vector256.LoadUnsafe(ref twRe, (nuint)(2 * (h + j)));
                var wi = Vector256.LoadUnsafe(ref twIm, (nuint)(2 * (h + j)));
                var swapped = Vector256.Shuffle(b, Vector256.Create(1, 0, 3, 2, 5, 4, 7, 6));
                var t = (b * wr) + (swapped * wi);
                (a + t).StoreUnsafe(ref d, (nuint)ai);
                (a - t).StoreUnsafe(ref d, (nuint)bi);
            }
        }
    }

    // Stages h and 2h fused (radix-2 squared, 4 vectors of 4 complex at a time), h >= 4. For a0..a3 at offsets
    // 0, h, 2h, 3h from the group start plus j: stage h pairs (a0, a1) and (a2, a3) with twiddle w(h, j); stage 2h
    // then pairs (b0, b2) with w(2h, j) and (b1, b3) with w(2h, j + h).
    private void ButterflyStagePair256(Span<float> data, int h)
    {
        ref float d = ref MemoryMarshal.GetReference(data);
        ref float twRe = ref MemoryMarshal.GetArrayDataReference(_twRe2);
        ref float twIm = ref MemoryMarshal.GetArrayDataReference(_twImSigned);
        int m = data.Length / 2;
        nuint quarter = (nuint)(2 * h);
        for (int start = 0; start < m; start += 4 * h)
        {
            for (int j = 0; j < h; j += 4)
            {
                nuint i0 = (nuint)(2 * (start + j)), i1 = i0 + quarter, i2 = i1 + quarter, i3 = i2 + quarter;
                nuint w1 = (nuint)(2 * (h + j)), w2 = (nuint)(2 * ((2 * h) + j)), w3 = w2 + quarter;
                var a0 = Vector256.LoadUnsafe(ref d, i0);
                var a1 = Vector256.LoadUnsafe(ref d, i1);
                var a2 = Vector256.LoadUnsafe(ref d, i2);
                var a3 = Vector256.LoadUnsafe(ref d, i3);
                var wr = Vector256.LoadUnsafe(ref twRe, w1);
                var wi = Vector256.LoadUnsafe(ref twIm, w1);
                var t1 = ComplexMultiply(a1, wr, wi);
                var t3 = ComplexMultiply(a3, wr, wi);
                var b0 = a0 + t1;
                var b1 = a0 - t1;
                var b2 = a2 + t3;
                var b3 = a2 - t3;
                var u = ComplexMultiply(b2, Vector256.LoadUnsafe(ref twRe, w2), Vector256.LoadUnsafe(ref twIm, w2));
                var v = ComplexMultiply(b3, Vector256.LoadUnsafe(ref twRe, w3), Vector256.LoadUnsafe(ref twIm, w3));
                (b0 + u).StoreUnsafe(ref d, i0);
                (b1 + v).StoreUnsafe(ref d, i1);
                (b0 - u).StoreUnsafe(ref d, i2);
                (b1 - v).StoreUnsafe(ref d, i3);
            }
        }
    }

    // b * w for 4 interleaved complex values, w given as [wr wr ...] and [-wi wi ...] (see the twiddle fields).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> ComplexMultiply(Vector256<float> b, Vector256<float> wr, Vector256<float> wiSigned) =>
        (b * wr) + (Vector256.Shuffle(b, Vector256.Create(1, 0, 3, 2, 5, 4, 7, 6)) * wiSigned);

    // As ButterflyStage256 with 2 complex values (4 lanes) per vector, for 128-bit SIMD (Arm NEON) and h >= 2.
    private void ButterflyStage128(Span<float> data, int h)
    {
        ref float d = ref MemoryMarshal.GetReference(data);
        ref float twRe = ref MemoryMarshal.GetArrayDataReference(_twRe2);
        ref float twIm = ref MemoryMarshal.GetArrayDataReference(_twImSigned);
        int m = data.Length / 2;
        for (int start = 0; start < m; start += 2 * h)
        {
            for (int j = 0; j < h; j += 2)
            {
                int ai = 2 * (start + j), bi = ai + (2 * h);
                var a = Vector128.LoadUnsafe(ref d, (nuint)ai);
                var b = Vector128.LoadUnsafe(ref d, (nuint)bi);
                var wr = Vector128.LoadUnsafe(ref twRe, (nuint)(2 * (h + j)));
                var wi = Vector128.LoadUnsafe(ref twIm, (nuint)(2 * (h + j)));
                var swapped = Vector128.Shuffle(b, Vector128.Create(1, 0, 3, 2));
                var t = (b * wr) + (swapped * wi);
                (a + t).StoreUnsafe(ref d, (nuint)ai);
                (a - t).StoreUnsafe(ref d, (nuint)bi);
            }
        }
    }

    // Z = FFT(z) of size M holds E + i O, with E and O the FFTs of the even and odd samples:
    //   E[k] = (Z[k] + conj(Z[M-k])) / 2,  O[k] = (Z[k] - conj(Z[M-k])) / (2i),
    //   X[k] = E[k] + W^k O[k],  X[M-k] = conj(E[k] - W^k O[k]),  W = exp(-2 pi i / N).
    // Bins k and M-k are computed together from Z[k] and Z[M-k], so the split runs in place.
    private void Split(Span<float> output)
    {
        ref float o = ref MemoryMarshal.GetReference(output);
        int m = _half;
        float z0r = o, z0i = Unsafe.Add(ref o, 1);
        o = z0r + z0i;
        Unsafe.Add(ref o, 1) = 0f;
        Unsafe.Add(ref o, 2 * m) = z0r - z0i;
        Unsafe.Add(ref o, (2 * m) + 1) = 0f;

        for (int k = 1; k <= m / 2; k++)
        {
            ref float p = ref Unsafe.Add(ref o, 2 * k);
            ref float q = ref Unsafe.Add(ref o, 2 * (m - k));
            float pr = p, pi = Unsafe.Add(ref p, 1);
            float qr = q, qi = Unsafe.Add(ref q, 1);

            float er = 0.5f * (pr + qr), ei = 0.5f * (pi - qi);
            // O = (Z[k] - conj(Z[M-k])) / (2i): numerator (pr - qr) + i (pi + qi); dividing by i swaps and negates.
            float odr = 0.5f * (pi + qi), odi = -0.5f * (pr - qr);

            float wr = _splitRe[k], wi = _splitIm[k];
            float tr = (wr * odr) - (wi * odi), ti = (wr * odi) + (wi * odr);

            Unsafe.Add(ref q, 0) = er - tr;
            Unsafe.Add(ref q, 1) = -(ei - ti);
            p = er + tr;
            Unsafe.Add(ref p, 1) = ei + ti;
        }
    }

    // Split with 4 bins per Vector256: k = k0..k0+3 from the front and M-k from the back (loaded as the 4 values
    // ending at M-k0 and reversed complex-wise). M/2 is a multiple of 4 (M >= 8), so k = 1..M/2 is whole blocks; the
    // last block meets itself at k = M/2, which both stores write with the same value, back half first as in Split.
    //   E = (P + conj Q) / 2,  O = -i (P - conj Q) / 2,  T = W O,  X[k] = E + T,  X[M-k] = conj(E - T).
    private void Split256(Span<float> output)
    {
        ref float o = ref MemoryMarshal.GetReference(output);
        ref float twRe = ref MemoryMarshal.GetArrayDataReference(_splitRe2);
        ref float twIm = ref MemoryMarshal.GetArrayDataReference(_splitImSigned);
        int m = _half;
        float z0r = o, z0i = Unsafe.Add(ref o, 1);

        var reverse = Vector256.Create(6, 7, 4, 5, 2, 3, 0, 1);
        var swap = Vector256.Create(1, 0, 3, 2, 5, 4, 7, 6);
        var conjugate = Vector256.Create(1f, -1f, 1f, -1f, 1f, -1f, 1f, -1f);
        var half = Vector256.Create(0.5f);
        for (int k = 1; k <= m / 2; k += 4)
        {
            nuint front = (nuint)(2 * k), back = (nuint)(2 * (m - k - 3));
            var p = Vector256.LoadUnsafe(ref o, front);
            var q = Vector256.Shuffle(Vector256.LoadUnsafe(ref o, back), reverse);
            var qConj = q * conjugate;
            var e = (p + qConj) * half;
            var diff = (p - qConj) * half;
            var odd = Vector256.Shuffle(diff, swap) * conjugate; // -i (x + iy) = y - ix
            var wr = Vector256.LoadUnsafe(ref twRe, front);
            var wi = Vector256.LoadUnsafe(ref twIm, front);
            var t = (odd * wr) + (Vector256.Shuffle(odd, swap) * wi);
            Vector256.Shuffle((e - t) * conjugate, reverse).StoreUnsafe(ref o, back);
            (e + t).StoreUnsafe(ref o, front);
        }

        o = z0r + z0i;
        Unsafe.Add(ref o, 1) = 0f;
        Unsafe.Add(ref o, 2 * m) = z0r - z0i;
        Unsafe.Add(ref o, (2 * m) + 1) = 0f;
    }
}
