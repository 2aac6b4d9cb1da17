#!/usr/bin/env python3
"""The peer of `auscult features DIR --out FILE.npy`: the reference workflow's "build a tabular data set" loop.

For every WAV file under DIR (recursively, sorted by relative path, as Auscult orders them): read it (soundfile, as
librosa.load does; the standard library's wave module with numpy when soundfile is missing), take channel 0, compute
the librosa log-mel (centred frames with reflect padding, periodic Hann window, rfft, power 2, the Slaney mel bank,
20 / 2 * log10(mel + eps) as the DCASE and MIMII baselines do), stack K consecutive frames into context vectors when
--context-frames K > 1, and write ONE stacked float32 array with np.save, plus FILE.index.csv (clip, first_row,
row_count). The mel product is a float32 matrix product, so numpy's BLAS does it (install libopenblas0-pthread).

Usage: python3 bench/peers/stacked_features.py DIR OUT.npy [--mel-bands 128] [--context-frames 5] [--golden DIR]
With --golden (e.g. ../shared/golden) the mel bank is librosa's own, read from the golden file; otherwise it is
computed here with librosa's formulas (librosa.filters.mel, htk=False, norm='slaney').
"""
import argparse
import os
import sys
import wave

import numpy as np

try:
    import soundfile
except ImportError:  # the standard library reads PCM WAV as well, a little slower
    soundfile = None

SAMPLE_RATE = 16000
FFT_SIZE = 1024
HOP_LENGTH = 512
EPS = np.finfo(np.float64).eps


def read_channel0(path):
    if soundfile is not None:
        samples, rate = soundfile.read(path, dtype="float32", always_2d=True)
        return samples[:, 0], rate
    with wave.open(path, "rb") as w:
        if w.getsampwidth() != 2:
            raise ValueError(f"{path}: only 16-bit PCM without soundfile")
        raw = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").reshape(-1, w.getnchannels())
        return raw[:, 0].astype(np.float32) / 32768.0, w.getframerate()


def hz_to_mel(hz):
    # Slaney: linear below 1 kHz, logarithmic above (librosa.hz_to_mel, htk=False)
    hz = np.asanyarray(hz, dtype=np.float64)
    f_sp = 200.0 / 3
    mels = hz / f_sp
    min_log_hz = 1000.0
    min_log_mel = min_log_hz / f_sp
    logstep = np.log(6.4) / 27.0
    return np.where(hz >= min_log_hz, min_log_mel + np.log(np.maximum(hz, min_log_hz) / min_log_hz) / logstep, mels)


def mel_to_hz(mels):
    mels = np.asanyarray(mels, dtype=np.float64)
    f_sp = 200.0 / 3
    min_log_hz = 1000.0
    min_log_mel = min_log_hz / f_sp
    logstep = np.log(6.4) / 27.0
    return np.where(mels >= min_log_mel, min_log_hz * np.exp(logstep * (mels - min_log_mel)), f_sp * mels)


def mel_bank(n_mels, golden):
    name = f"mel_filterbank_sr{SAMPLE_RATE}_nfft{FFT_SIZE}_nmels{n_mels}.f32"
    if golden and os.path.exists(os.path.join(golden, name)):
        return np.fromfile(os.path.join(golden, name), dtype="<f4").reshape(n_mels, FFT_SIZE // 2 + 1)
    fft_hz = np.linspace(0, SAMPLE_RATE / 2, FFT_SIZE // 2 + 1)
    edges = mel_to_hz(np.linspace(hz_to_mel(0.0), hz_to_mel(SAMPLE_RATE / 2), n_mels + 2))
    widths = np.diff(edges)
    ramps = edges[:, None] - fft_hz[None, :]
    lower = -ramps[:-2] / widths[:-1, None]
    upper = ramps[2:] / widths[1:, None]
    weights = np.maximum(0, np.minimum(lower, upper))
    weights *= (2.0 / (edges[2:] - edges[:-2]))[:, None]
    return weights.astype(np.float32)


def log_mel(samples, window, bank):
    padded = np.pad(samples, FFT_SIZE // 2, mode="reflect")
    frames = np.lib.stride_tricks.sliding_window_view(padded, FFT_SIZE)[::HOP_LENGTH]
    spectrum = np.fft.rfft(frames * window, axis=1)
    power = (spectrum.real ** 2 + spectrum.imag ** 2).astype(np.float32)
    mel = power @ bank.T  # [frames, n_mels], float32 BLAS
    return (10.0 * np.log10(mel + EPS)).astype(np.float32)


def context_vectors(frames, k):
    if k == 1:
        return frames
    count = frames.shape[0] - k + 1
    return np.hstack([frames[j:j + count] for j in range(k)])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder")
    parser.add_argument("out")
    parser.add_argument("--mel-bands", type=int, default=128)
    parser.add_argument("--context-frames", type=int, default=5)
    parser.add_argument("--golden", default=None)
    args = parser.parse_args()

    clips = sorted(
        os.path.relpath(os.path.join(root, name), args.folder).replace(os.sep, "/")
        for root, _, names in os.walk(args.folder)
        for name in names
        if name.lower().endswith(".wav")
    )
    window = (0.5 - 0.5 * np.cos(2 * np.pi * np.arange(FFT_SIZE) / FFT_SIZE)).astype(np.float32)  # periodic Hann
    bank = mel_bank(args.mel_bands, args.golden)
    blocks, index, first = [], [], 0
    for clip in clips:
        samples, rate = read_channel0(os.path.join(args.folder, clip))
        if rate != SAMPLE_RATE:
            sys.exit(f"{clip}: {rate} Hz; this peer does not resample")
        block = context_vectors(log_mel(samples, window, bank), args.context_frames)
        blocks.append(block)
        index.append(f"{clip},{first},{block.shape[0]}")
        first += block.shape[0]
    np.save(args.out, np.concatenate(blocks))
    with open(os.path.splitext(args.out)[0] + ".index.csv", "w") as f:
        f.write("clip,first_row,row_count\n" + "\n".join(index) + "\n")


if __name__ == "__main__":
    main()
