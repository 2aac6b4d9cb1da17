namespace Auscult.Data.Synthesis;

/// <summary>
/// Every magnitude that sets how hard detection is, in one place. A fault's effect is its maximum below times the
/// clip's severity in (0, 1]; a mild fault (severity ~0.1) stays inside the normal clip-to-clip variation (speed jitter
/// 1.2 %, load 0.8 dB), a severe one is plainly audible. Tune here, then re-measure the autoencoder AUC on the fan set
/// (target roughly 0.75-0.95 at 6 dB, clearly lower at -6 dB).
/// </summary>
internal static class SynthesisCalibration
{
    // ---- Severity distribution of generated abnormal clips: uniform in [SeverityMin, SeverityMax]. ----
    // A uniform spread gives a set where some faults are obvious and some hide in the normal variation, which is what
    // keeps an AUC below 1 (MIMII's own faults range from blatant to nearly inaudible).
    public const double SeverityMin = 0.1;
    public const double SeverityMax = 1.0;

    // ---- Output level ----
    /// <summary>
    /// RMS of a normal machine signal before noise: about -26 dBFS for the steady machines, lower for the impulsive ones
    /// (a valve is mostly quiet between clicks whose peaks are ~20x its RMS) so that their peaks fit without scaling.
    /// </summary>
    public static double MachineTargetRms(MachineType type) => type switch
    {
        MachineType.Valve => 0.02,
        MachineType.Slider => 0.04,
        _ => 0.05,
    };

    /// <summary>Largest absolute sample of a mixed clip; louder clips are scaled down as a whole (keeps the SNR, avoids clipping).</summary>
    public const double MaxPeak = 0.95;

    // ---- Normal variation (per clip and within a clip) ----
    public const double SpeedJitterStd = 0.012;     // clip-to-clip rotation speed, relative (mains and load dependent slip)
    public const double SpeedDriftStd = 0.003;      // slow within-clip wander, relative
    public const double LoadJitterStdDb = 0.8;      // clip-to-clip level of load-dependent components, dB
    public const double CycleJitterStd = 0.03;      // valve and slide-rail cycle period, relative per cycle

    // ---- Fan ----
    public const double FanUnbalanceShaftGain = 1.5;   // added 1x tone amplitude relative to the first blade-pass tone
    public const double FanUnbalanceModulation = 0.35; // once-per-revolution AM depth of blade-pass and flow noise
    public const double FanVoltageSpeedShift = 0.08;   // relative speed change (slip) at full severity
    public const double FanVoltageHumGain = 3.0;       // extra magnetic hum, relative to normal hum
    public const double FanClogFlowReduction = 0.45;   // relative drop of broadband flow noise
    public const double FanClogWhistle = 0.8;          // narrowband whistle RMS relative to the flow noise RMS
    public const double FanClogBladePassGain = 0.6;    // relative rise of blade-pass tones (higher pressure rise)

    // ---- Pump ----
    public const double PumpLeakHiss = 0.6;            // leak hiss RMS relative to the flow noise RMS
    public const double PumpContaminationRate = 30;    // particle impacts per second
    public const double PumpContaminationImpact = 2.0; // impact amplitude relative to the vane-pass amplitude
    public const double PumpClogFlowReduction = 0.4;
    public const double PumpClogVanePassGain = 0.8;
    public const double PumpClogCavitation = 0.6;      // crackle RMS relative to the flow noise RMS

    // ---- Valve ----
    public const double ValveLeakHiss = 0.5;          // hiss while closed, relative to the open-flow hiss
    public const double ValveBounce = 0.7;             // bounce click relative to the close click
    public const double ValveCloseDelaySeconds = 0.03; // late seating of the plunger
    public const double ValveDampingLoss = 0.4;        // relative shortening of the click ring-down (debris damps the seat)

    // ---- Slide rail ----
    public const double SliderDefectImpact = 2.5;      // defect impact relative to the end-stop impact
    public const double SliderBeltFlutter = 0.6;       // AM depth of the belt-mesh tone
    public const double SliderBeltFm = 0.06;           // relative FM depth of the belt-mesh tone
    public const double SliderBeltSlap = 1.0;          // slap thump relative to the end-stop impact
    public const double SliderSqueal = 0.5;            // squeal RMS relative to the rolling-noise RMS
    public const double SliderDryRolling = 0.8;        // relative rise of rolling noise
}
