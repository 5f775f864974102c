/** Test-only: minimal valid documents ("valid plus one tweak" is how the shape tests are built). */
import { type Json, patched } from './test-helpers.js';

/** A hardened Fargate task definition as written for `aws ecs register-task-definition --cli-input-json`. */
export const FARGATE_TASK: Json = {
  family: 'web',
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  cpu: '256',
  memory: '512',
  executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
  taskRoleArn: 'arn:aws:iam::123456789012:role/web',
  runtimePlatform: { cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' },
  ephemeralStorage: { sizeInGiB: 30 },
  containerDefinitions: [
    {
      name: 'web',
      image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:1.2.3',
      essential: true,
      cpu: 256,
      memory: 512,
      memoryReservation: 256,
      portMappings: [
        { containerPort: 8080, hostPort: 8080, protocol: 'tcp', appProtocol: 'http', name: 'http' },
      ],
      readonlyRootFilesystem: true,
      user: '1000:1000',
      environment: [{ name: 'PORT', value: '8080' }],
      secrets: [
        { name: 'DB_PASSWORD', valueFrom: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf' },
      ],
      logConfiguration: {
        logDriver: 'awslogs',
        options: {
          'awslogs-group': '/ecs/web',
          'awslogs-region': 'eu-west-1',
          'awslogs-stream-prefix': 'web',
        },
      },
      healthCheck: {
        command: ['CMD-SHELL', 'curl -f http://localhost:8080/ || exit 1'],
        interval: 30,
        timeout: 5,
        retries: 3,
        startPeriod: 10,
      },
      linuxParameters: { initProcessEnabled: true, capabilities: { add: ['SYS_PTRACE'], drop: ['ALL'] } },
      mountPoints: [
        { sourceVolume: 'scratch', containerPath: '/tmp', readOnly: false },
        { sourceVolume: 'data', containerPath: '/data' },
      ],
      ulimits: [{ name: 'nofile', softLimit: 65536, hardLimit: 65536 }],
      dependsOn: [{ containerName: 'init', condition: 'SUCCESS' }],
    },
    {
      name: 'init',
      image: 'public.ecr.aws/docker/library/busybox:1.36',
      essential: false,
      command: ['true'],
    },
  ],
  volumes: [
    { name: 'scratch' },
    {
      name: 'data',
      efsVolumeConfiguration: {
        fileSystemId: 'fs-12345678',
        rootDirectory: '/',
        transitEncryption: 'ENABLED',
        authorizationConfig: { accessPointId: 'fsap-1234567890abcdef0', iam: 'ENABLED' },
      },
    },
  ],
  tags: [{ key: 'team', value: 'web' }],
};

/** The same task definition as `aws ecs describe-task-definition` returns it (`.taskDefinition`). */
export const DESCRIBED_TASK: Json = patched(FARGATE_TASK, {
  '/tags': undefined,
  '/taskDefinitionArn': 'arn:aws:ecs:eu-west-1:123456789012:task-definition/web:7',
  '/revision': 7,
  '/status': 'ACTIVE',
  '/requiresAttributes': [
    { name: 'com.amazonaws.ecs.capability.logging-driver.awslogs' },
    { name: 'ecs.capability.execution-role-awslogs' },
  ],
  '/compatibilities': ['EC2', 'FARGATE'],
  '/registeredAt': '2024-05-01T10:00:00.123000+02:00',
  '/registeredBy': 'arn:aws:iam::123456789012:role/deployer',
});

export const SERVICE: Json = {
  cluster: 'prod',
  serviceName: 'web',
  taskDefinition: 'web:7',
  desiredCount: 2,
  launchType: 'FARGATE',
  platformVersion: 'LATEST',
  enableExecuteCommand: false,
  propagateTags: 'SERVICE',
  deploymentConfiguration: {
    maximumPercent: 200,
    minimumHealthyPercent: 100,
    deploymentCircuitBreaker: { enable: true, rollback: true },
  },
  networkConfiguration: {
    awsvpcConfiguration: {
      subnets: ['subnet-1', 'subnet-2'],
      securityGroups: ['sg-1'],
      assignPublicIp: 'DISABLED',
    },
  },
  loadBalancers: [
    { targetGroupArn: 'arn:aws:elasticloadbalancing:tg', containerName: 'web', containerPort: 8080 },
  ],
};

export const CLUSTER: Json = {
  clusterName: 'prod',
  settings: [{ name: 'containerInsights', value: 'enhanced' }],
  configuration: {
    executeCommandConfiguration: {
      kmsKeyId: 'alias/exec',
      logging: 'OVERRIDE',
      logConfiguration: { cloudWatchLogGroupName: '/ecs/exec', cloudWatchEncryptionEnabled: true },
    },
  },
};
