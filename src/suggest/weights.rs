//! Written by `cargo run --release --example subjectivity -- DIR --train` (NewsSD-ENG's train and
//! validation splits; L2 penalty 3 and the threshold by cross-validation): do not edit by hand.
//! Each weight is for the feature of the same place in `model::NAMES`.

pub const WEIGHTS: [f32; super::model::FEATURES] = [
    1.0496, 0.8683, 1.4888, 0.1155, 0.4658, 0.4802, 0.8850, 0.2991, 0.6990, 0.4501, 0.4744, 0.2423, 0.4864, 0.3035,
    -0.3298, 0.0560, -0.7443, -0.5750, -0.3334, -0.2130, 0.1141, 0.0096, 0.1930, -0.2885, 0.2726, 0.4625, 0.0094,
    -0.9228, 0.2295, 0.1713, 0.2411, 0.2647, -0.2507, 0.2506,
];
pub const BIAS: f32 = -0.6384;
pub const THRESHOLD: f32 = 0.42;
