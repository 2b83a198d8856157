// The parrots' part of the sinusoidal_poisson and sinusoidal_gamma examples (included by
// both): prints the spike counts of individual and shared trains and draws both rasters.

/// Prints what `n` parrots received with individual trains and with one shared train and
/// writes their rasters (shared below, individual above) to `png`.
fn parrot_rasters(
    individual: &[Vec<f64>],
    shared: &[Vec<f64>],
    simtime: f64,
    bin: f64,
    png: &std::path::Path,
) -> saltatory::Result<()> {
    let n = individual.len();
    let (mut times, mut senders) = (Vec::new(), Vec::new());
    for (offset, trains) in [(n as u64, individual), (0, shared)] {
        for (k, tr) in trains.iter().enumerate() {
            times.extend(tr.iter().copied());
            senders.extend(std::iter::repeat_n(offset + k as u64, tr.len()));
        }
    }
    let count = |t: &[Vec<f64>]| t.iter().map(Vec::len).sum::<usize>();
    let same = shared.iter().all(|t| *t == shared[0]);
    println!(
        "individual trains: {} spikes in {n} parrots; shared train: {} spikes, all parrots identical: {same}",
        count(individual),
        count(shared)
    );
    saltatory::plot::raster_with_rate(
        png,
        &times,
        &senders,
        simtime,
        bin,
        "20 parrots: shared train (senders 0-19), individual trains (20-39)",
    )?;
    println!("wrote {}", png.display());
    Ok(())
}
