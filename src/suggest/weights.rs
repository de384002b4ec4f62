//! Written by `cargo run --release --example subjectivity -- DIR --train` (NewsSD-ENG's train and
//! validation splits; L2 penalty 0.3 and the threshold by cross-validation): do not edit by hand.
//! Each weight is for the feature of the same place in `model::NAMES`.

pub const WEIGHTS: [f32; super::model::FEATURES] = [
    1.2539, 1.9182, 2.1735, 0.0849, 0.6644, 0.6425, 1.0245, 0.3165, 1.0839, 0.6763, 1.5815, 0.3342, 0.4750, 0.2479,
    -0.2566, 0.1736, -1.1511, -0.6432, -0.5717, -0.3527, 0.1198, -0.0683, 0.2053, -0.8124, 0.4236, 0.5323, 0.0269,
    -1.5204, 0.2485, 0.1431, 0.2608, 0.2706, -0.2901, 0.2929,
];
pub const BIAS: f32 = -0.6089;
pub const THRESHOLD: f32 = 0.45;
