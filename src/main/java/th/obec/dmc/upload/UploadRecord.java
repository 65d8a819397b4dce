package th.obec.dmc.upload;

import java.util.UUID;

/** The stored facts of one upload. */
record UploadRecord(UUID id, String schoolCode, String kind, int academicYear, int term, String fileName,
                    String sha256, boolean dryRun, String status, String uploadedBy) {

  UploadRecord withStatus(String newStatus) {
    return new UploadRecord(id, schoolCode, kind, academicYear, term, fileName, sha256, dryRun, newStatus, uploadedBy);
  }
}
