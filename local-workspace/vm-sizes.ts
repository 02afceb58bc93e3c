/** A realistic catalogue of VM sizes (numbers as Azure publishes them for eastus). */
export interface VmSize {
  name: string;
  family: string;
  vCPUs: number;
  gpus: number;
  osVhdSizeMB: number;
  maxResourceVolumeMB: number;
  memoryGB: number;
  lowPriorityCapable: boolean;
  premiumIO: boolean;
  supportedComputeTypes: string[];
  linuxPrice: number; // USD per hour, dedicated
}

const both = ["AmlCompute", "ComputeInstance"];
const OS = 1047552;

export const VM_SIZES: VmSize[] = [
  {
    name: "Standard_DS2_v2",
    family: "standardDSv2Family",
    vCPUs: 2,
    gpus: 0,
    osVhdSizeMB: OS,
    maxResourceVolumeMB: 14336,
    memoryGB: 7,
    lowPriorityCapable: true,
    premiumIO: true,
    supportedComputeTypes: both,
    linuxPrice: 0.146,
  },
  {
    name: "Standard_DS3_v2",
    family: "standardDSv2Family",
    vCPUs: 4,
    gpus: 0,
    osVhdSizeMB: OS,
    maxResourceVolumeMB: 28672,
    memoryGB: 14,
    lowPriorityCapable: true,
    premiumIO: true,
    supportedComputeTypes: both,
    linuxPrice: 0.293,
  },
  {
    name: "Standard_DS11_v2",
    family: "standardDSv2Family",
    vCPUs: 2,
    gpus: 0,
    osVhdSizeMB: OS,
    maxResourceVolumeMB: 28672,
    memoryGB: 14,
    lowPriorityCapable: true,
    premiumIO: true,
    supportedComputeTypes: both,
    linuxPrice: 0.185,
  },
  {
    name: "Standard_DS12_v2",
    family: "standardDSv2Family",
    vCPUs: 4,
    gpus: 0,
    osVhdSizeMB: OS,
    maxResourceVolumeMB: 57344,
    memoryGB: 28,
    lowPriorityCapable: true,
    premiumIO: true,
    supportedComputeTypes: both,
    linuxPrice: 0.371,
  },
  {
    name: "Standard_D4_v3",
    family: "standardDv3Family",
    vCPUs: 4,
    gpus: 0,
    osVhdSizeMB: OS,
    maxResourceVolumeMB: 102400,
    memoryGB: 16,
    lowPriorityCapable: true,
    premiumIO: false,
    supportedComputeTypes: both,
    linuxPrice: 0.192,
  },
  {
    name: "Standard_D4s_v3",
    family: "standardDSv3Family",
    vCPUs: 4,
    gpus: 0,
    osVhdSizeMB: OS,
    maxResourceVolumeMB: 32768,
    memoryGB: 16,
    lowPriorityCapable: true,
    premiumIO: true,
    supportedComputeTypes: both,
    linuxPrice: 0.192,
  },
  {
    name: "Standard_E4ds_v4",
    family: "standardEDSv4Family",
    vCPUs: 4,
    gpus: 0,
    osVhdSizeMB: OS,
    maxResourceVolumeMB: 153600,
    memoryGB: 32,
    lowPriorityCapable: true,
    premiumIO: true,
    supportedComputeTypes: both,
    linuxPrice: 0.288,
  },
  {
    name: "Standard_E8ds_v4",
    family: "standardEDSv4Family",
    vCPUs: 8,
    gpus: 0,
    osVhdSizeMB: OS,
    maxResourceVolumeMB: 307200,
    memoryGB: 64,
    lowPriorityCapable: true,
    premiumIO: true,
    supportedComputeTypes: both,
    linuxPrice: 0.576,
  },
  {
    name: "Standard_F4s_v2",
    family: "standardFSv2Family",
    vCPUs: 4,
    gpus: 0,
    osVhdSizeMB: OS,
    maxResourceVolumeMB: 32768,
    memoryGB: 8,
    lowPriorityCapable: true,
    premiumIO: true,
    supportedComputeTypes: both,
    linuxPrice: 0.169,
  },
  {
    name: "Standard_F8s_v2",
    family: "standardFSv2Family",
    vCPUs: 8,
    gpus: 0,
    osVhdSizeMB: OS,
    maxResourceVolumeMB: 65536,
    memoryGB: 16,
    lowPriorityCapable: true,
    premiumIO: true,
    supportedComputeTypes: both,
    linuxPrice: 0.338,
  },
  {
    name: "Standard_NC6s_v3",
    family: "standardNCSv3Family",
    vCPUs: 6,
    gpus: 1,
    osVhdSizeMB: OS,
    maxResourceVolumeMB: 344064,
    memoryGB: 112,
    lowPriorityCapable: true,
    premiumIO: true,
    supportedComputeTypes: both,
    linuxPrice: 3.06,
  },
  {
    name: "Standard_NC24s_v3",
    family: "standardNCSv3Family",
    vCPUs: 24,
    gpus: 4,
    osVhdSizeMB: OS,
    maxResourceVolumeMB: 1376256,
    memoryGB: 448,
    lowPriorityCapable: true,
    premiumIO: true,
    supportedComputeTypes: both,
    linuxPrice: 12.24,
  },
  {
    name: "Standard_NC4as_T4_v3",
    family: "standardNCASv3_T4Family",
    vCPUs: 4,
    gpus: 1,
    osVhdSizeMB: OS,
    maxResourceVolumeMB: 180224,
    memoryGB: 28,
    lowPriorityCapable: true,
    premiumIO: true,
    supportedComputeTypes: both,
    linuxPrice: 0.526,
  },
  {
    name: "Standard_NC16as_T4_v3",
    family: "standardNCASv3_T4Family",
    vCPUs: 16,
    gpus: 1,
    osVhdSizeMB: OS,
    maxResourceVolumeMB: 360448,
    memoryGB: 110,
    lowPriorityCapable: true,
    premiumIO: true,
    supportedComputeTypes: both,
    linuxPrice: 1.204,
  },
  {
    name: "Standard_NC6",
    family: "standardNCFamily",
    vCPUs: 6,
    gpus: 1,
    osVhdSizeMB: OS,
    maxResourceVolumeMB: 389120,
    memoryGB: 56,
    lowPriorityCapable: true,
    premiumIO: false,
    supportedComputeTypes: both,
    linuxPrice: 0.9,
  },
  {
    name: "Standard_ND40rs_v2",
    family: "standardNDSv2Family",
    vCPUs: 40,
    gpus: 8,
    osVhdSizeMB: OS,
    maxResourceVolumeMB: 2969600,
    memoryGB: 672,
    lowPriorityCapable: true,
    premiumIO: true,
    supportedComputeTypes: ["AmlCompute"],
    linuxPrice: 22.032,
  },
];

/** Quota families with their display names (localizedValue). */
export const FAMILIES: Record<string, string> = {
  standardDSv2Family: "Standard DSv2 Family Cluster Dedicated vCPUs",
  standardDv3Family: "Standard Dv3 Family Cluster Dedicated vCPUs",
  standardDSv3Family: "Standard DSv3 Family Cluster Dedicated vCPUs",
  standardEDSv4Family: "Standard EDSv4 Family Cluster Dedicated vCPUs",
  standardFSv2Family: "Standard FSv2 Family Cluster Dedicated vCPUs",
  standardNCSv3Family: "Standard NCSv3 Family Cluster Dedicated vCPUs",
  standardNCASv3_T4Family: "Standard NCASv3_T4 Family Cluster Dedicated vCPUs",
  standardNDSv2Family: "Standard NDSv2 Family Cluster Dedicated vCPUs",
  standardNCFamily: "Standard NC Family Cluster Dedicated vCPUs",
};

export function findVmSize(name: string | undefined): VmSize | undefined {
  if (!name) return undefined;
  const n = name.toLowerCase();
  return VM_SIZES.find((s) => s.name.toLowerCase() === n);
}

/** The spec's VirtualMachineSize shape. */
export function vmSizeBody(s: VmSize) {
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return {
    name: s.name,
    family: s.family,
    vCPUs: s.vCPUs,
    gpus: s.gpus,
    osVhdSizeMB: s.osVhdSizeMB,
    maxResourceVolumeMB: s.maxResourceVolumeMB,
    memoryGB: s.memoryGB,
    lowPriorityCapable: s.lowPriorityCapable,
    premiumIO: s.premiumIO,
    estimatedVMPrices: {
      billingCurrency: "USD",
      unitOfMeasure: "OneHour",
      values: [
        { retailPrice: r(s.linuxPrice), osType: "Linux", vmTier: "Standard" },
        { retailPrice: r(s.linuxPrice * 0.2), osType: "Linux", vmTier: "LowPriority" },
        { retailPrice: r(s.linuxPrice * 1.4), osType: "Windows", vmTier: "Standard" },
        { retailPrice: r(s.linuxPrice * 0.35), osType: "Windows", vmTier: "LowPriority" },
      ],
    },
    supportedComputeTypes: s.supportedComputeTypes,
  };
}
