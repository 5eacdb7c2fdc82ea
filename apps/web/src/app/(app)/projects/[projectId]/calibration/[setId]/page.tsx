import { CalibrationSetPage } from "~/components/calibration/calibration-set-page";

export const metadata = { title: "Calibration" };

export default async function CalibrationSetRoute({
  params,
}: {
  params: Promise<{ projectId: string; setId: string }>;
}) {
  const { projectId, setId } = await params;
  return <CalibrationSetPage projectId={projectId} setId={setId} />;
}
