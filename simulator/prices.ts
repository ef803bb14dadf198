/**
 * On-demand list prices of the stacks' GPU machines, USD per hour, Linux, in the stacks' regions
 * (the clouds' public price pages, read in 2025; prices change: pass `--price` with yours).
 * The simulator reports cost as GPU-hours x (machine price / GPUs per machine).
 */
export const MACHINE_PRICES: Record<
    string,
    { readonly usdPerHour: number; readonly where: string }
> = {
    "g6.xlarge": { usdPerHour: 0.8048, where: "AWS EC2 on-demand, us-east-1" },
    "g2-standard-4": { usdPerHour: 0.70683, where: "Google Compute Engine on-demand, us-central1" },
    Standard_NC8as_T4_v3: { usdPerHour: 0.752, where: "Azure pay-as-you-go, East US" },
};
