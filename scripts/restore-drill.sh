#!/usr/bin/env bash
# The restore drill (docs/deploy.md, "Backups and the restore drill"): restores the newest AWS
# Backup recovery point of the stage's database into a new, private, single-AZ instance beside it,
# waits until it is available, shows its status, encryption and endpoint (connect to it from an
# origin instance with Session Manager to look at the data), and deletes it again (--keep keeps it). The live database is never touched. --dry-run prints the AWS CLI calls it would make and
# calls nothing (no credentials needed).
#
#   scripts/restore-drill.sh --stage prod --region us-east-1 [--keep] [--dry-run]
set -euo pipefail

stage=""
region="${AWS_REGION:-us-east-1}"
keep=false
dry_run=false
while [ $# -gt 0 ]; do
  case "$1" in
    --stage) stage="$2"; shift 2 ;;
    --region) region="$2"; shift 2 ;;
    --keep) keep=true; shift ;;
    --dry-run) dry_run=true; shift ;;
    *) echo "restore-drill: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -n "$stage" ] || { echo "restore-drill: --stage is required" >&2; exit 2; }

data_stack="bookstore-data-${stage}"
drill_instance="bookstore-${stage}-restore-drill-$(date -u +%Y%m%d%H%M)"

# Runs an AWS CLI call and prints its output; in a dry run prints the call and answers with a
# placeholder named after what the call would return, so the next steps show what they would use.
aws_call() {
  local placeholder="$1"
  shift
  if [ "$dry_run" = true ]; then
    printf 'aws --region %s %s\n' "$region" "$*" >&2
    printf '<%s>' "$placeholder"
  else
    aws --region "$region" --output text "$@"
  fi
}

log() { printf '==> %s\n' "$*" >&2; }

log "Stateful stack ${data_stack}: the backup vault and the role AWS Backup restores with"
vault=$(aws_call vault-name cloudformation describe-stacks --stack-name "$data_stack" \
  --query "Stacks[0].Outputs[?OutputKey=='BackupVaultName'].OutputValue")
role=$(aws_call backup-role-arn cloudformation describe-stacks --stack-name "$data_stack" \
  --query "Stacks[0].Outputs[?OutputKey=='BackupRoleArn'].OutputValue")

log "The newest completed recovery point of the database in ${vault}"
recovery_point=$(aws_call recovery-point-arn backup list-recovery-points-by-backup-vault \
  --backup-vault-name "$vault" --by-resource-type RDS \
  --query "reverse(sort_by(RecoveryPoints[?Status=='COMPLETED'], &CreationDate))[0].RecoveryPointArn")
[ -n "$recovery_point" ] && [ "$recovery_point" != None ] || {
  echo "restore-drill: no completed recovery point in ${vault}" >&2
  exit 1
}

log "Restoring ${recovery_point} into ${drill_instance} (private, single AZ, same subnets and groups)"
# The recovery point's own metadata (subnet group, security groups, parameter group) with the new
# instance's name, one zone and no public address.
metadata=$(aws_call restore-metadata-json backup get-recovery-point-restore-metadata \
  --backup-vault-name "$vault" --recovery-point-arn "$recovery_point" \
  --query RestoreMetadata --output json)
if [ "$dry_run" = true ]; then
  overrides="$metadata"
else
  overrides=$(jq -c --arg id "$drill_instance" \
    '. + {DBInstanceIdentifier: $id, MultiAZ: "false", PubliclyAccessible: "false", DeletionProtection: "false"}
     | with_entries(select(.value != null and .value != ""))' <<<"$metadata")
fi
job=$(aws_call restore-job-id backup start-restore-job --recovery-point-arn "$recovery_point" \
  --iam-role-arn "$role" --resource-type RDS --metadata "$overrides" --query RestoreJobId)

log "Waiting for restore job ${job}"
if [ "$dry_run" = true ]; then
  printf 'aws backup describe-restore-job --restore-job-id %s (every 30 s until COMPLETED)\n' "$job" >&2
else
  while :; do
    status=$(aws_call status backup describe-restore-job --restore-job-id "$job" --query Status)
    case "$status" in
      COMPLETED) break ;;
      ABORTED | FAILED)
        echo "restore-drill: restore job ${job} ${status}" >&2
        exit 1
        ;;
    esac
    sleep 30
  done
fi
aws_call none rds wait db-instance-available --db-instance-identifier "$drill_instance" >/dev/null

log "${drill_instance}: status, encrypted, endpoint"
aws_call instance-summary rds describe-db-instances --db-instance-identifier "$drill_instance" \
  --query "DBInstances[0].[DBInstanceStatus,StorageEncrypted,Endpoint.Address]" >&2
echo >&2

if [ "$keep" = true ]; then
  log "Kept ${drill_instance}: delete it when done (aws rds delete-db-instance --skip-final-snapshot)"
else
  log "Deleting ${drill_instance}"
  aws_call deleted rds delete-db-instance --db-instance-identifier "$drill_instance" \
    --skip-final-snapshot --delete-automated-backups >/dev/null
fi
log "Restore drill finished"
