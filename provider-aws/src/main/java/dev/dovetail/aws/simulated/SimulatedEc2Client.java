package dev.dovetail.aws.simulated;

import dev.dovetail.aws.instancetype.Ec2InstanceTypes;
import dev.dovetail.aws.instancetype.InstanceTypeSpec;
import dev.dovetail.aws.simulated.SimulatedAws.Instance;
import dev.dovetail.aws.simulated.SimulatedAws.PoolKey;
import dev.dovetail.aws.simulated.SimulatedAws.Subnet;
import dev.dovetail.scheduling.CapacityType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AvailabilityZone;
import software.amazon.awssdk.services.ec2.model.CreateFleetError;
import software.amazon.awssdk.services.ec2.model.CreateFleetInstance;
import software.amazon.awssdk.services.ec2.model.CreateFleetRequest;
import software.amazon.awssdk.services.ec2.model.CreateFleetResponse;
import software.amazon.awssdk.services.ec2.model.CreateLaunchTemplateRequest;
import software.amazon.awssdk.services.ec2.model.CreateLaunchTemplateResponse;
import software.amazon.awssdk.services.ec2.model.CreateTagsRequest;
import software.amazon.awssdk.services.ec2.model.CreateTagsResponse;
import software.amazon.awssdk.services.ec2.model.DeleteLaunchTemplateRequest;
import software.amazon.awssdk.services.ec2.model.DeleteLaunchTemplateResponse;
import software.amazon.awssdk.services.ec2.model.DescribeAvailabilityZonesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeAvailabilityZonesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeImagesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeImagesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceTypeOfferingsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceTypeOfferingsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceTypesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceTypesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeLaunchTemplatesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeLaunchTemplatesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeSpotPriceHistoryRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSpotPriceHistoryResponse;
import software.amazon.awssdk.services.ec2.model.DescribeSubnetsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSubnetsResponse;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateConfigRequest;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateOverrides;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateOverridesRequest;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateSpecification;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateSpecificationRequest;
import software.amazon.awssdk.services.ec2.model.GroupIdentifier;
import software.amazon.awssdk.services.ec2.model.InstanceState;
import software.amazon.awssdk.services.ec2.model.InstanceStateChange;
import software.amazon.awssdk.services.ec2.model.InstanceTypeOffering;
import software.amazon.awssdk.services.ec2.model.LaunchTemplate;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateAndOverridesResponse;
import software.amazon.awssdk.services.ec2.model.Placement;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.SpotPrice;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.TerminateInstancesRequest;
import software.amazon.awssdk.services.ec2.model.TerminateInstancesResponse;

/** The simulated EC2 API over {@link SimulatedAws}: only the operations Dovetail calls. */
final class SimulatedEc2Client implements Ec2Client {
  private static final int PAGE = 100;

  private final SimulatedAws aws;

  SimulatedEc2Client(SimulatedAws aws) {
    this.aws = aws;
  }

  @Override
  public String serviceName() {
    return "ec2";
  }

  @Override
  public void close() {}

  // ---- instance types and offerings ----

  @Override
  public DescribeInstanceTypesResponse describeInstanceTypes(DescribeInstanceTypesRequest r) {
    synchronized (aws.lock) {
      aws.enter("DescribeInstanceTypes", r);
      List<software.amazon.awssdk.services.ec2.model.InstanceTypeInfo> all = new ArrayList<>();
      for (InstanceTypeSpec spec : aws.specs().values()) {
        if (r.hasInstanceTypes() && !r.instanceTypesAsStrings().contains(spec.name())) {
          continue;
        }
        if (!Filters.matches(
            r.filters(),
            Map.of(),
            name ->
                switch (name) {
                  case "processor-info.supported-architecture" -> List.of(spec.architecture());
                  case "supported-virtualization-type" -> List.of("hvm");
                  case "instance-type" -> List.of(spec.name());
                  case "current-generation" -> List.of(String.valueOf(spec.currentGeneration()));
                  case "bare-metal" -> List.of(String.valueOf(spec.bareMetal()));
                  default -> null;
                })) {
          continue;
        }
        all.add(Ec2InstanceTypes.toEc2(spec));
      }
      int pageSize = r.maxResults() == null ? PAGE : r.maxResults();
      Page page = page(r.nextToken(), all.size(), pageSize);
      return DescribeInstanceTypesResponse.builder()
          .instanceTypes(all.subList(page.from, page.to))
          .nextToken(page.next)
          .build();
    }
  }

  @Override
  public DescribeInstanceTypeOfferingsResponse describeInstanceTypeOfferings(
      DescribeInstanceTypeOfferingsRequest r) {
    synchronized (aws.lock) {
      aws.enter("DescribeInstanceTypeOfferings", r);
      String locationType = r.locationTypeAsString() == null ? "region" : r.locationTypeAsString();
      List<InstanceTypeOffering> all = new ArrayList<>();
      for (InstanceTypeSpec spec : aws.specs().values()) {
        List<String> locations =
            locationType.equals("availability-zone")
                ? List.copyOf(aws.catalog().zonesOffering(aws.region(), spec.name()))
                : aws.catalog().zonesOffering(aws.region(), spec.name()).isEmpty()
                    ? List.of()
                    : List.of(aws.region());
        for (String location : locations) {
          if (!Filters.matches(
              r.filters(),
              Map.of(),
              name ->
                  switch (name) {
                    case "location" -> List.of(location);
                    case "instance-type" -> List.of(spec.name());
                    default -> null;
                  })) {
            continue;
          }
          all.add(
              InstanceTypeOffering.builder()
                  .instanceType(spec.name())
                  .locationType(locationType)
                  .location(location)
                  .build());
        }
      }
      int pageSize = r.maxResults() == null ? 1000 : r.maxResults();
      Page page = page(r.nextToken(), all.size(), pageSize);
      return DescribeInstanceTypeOfferingsResponse.builder()
          .instanceTypeOfferings(all.subList(page.from, page.to))
          .nextToken(page.next)
          .build();
    }
  }

  @Override
  public DescribeAvailabilityZonesResponse describeAvailabilityZones(
      DescribeAvailabilityZonesRequest r) {
    synchronized (aws.lock) {
      aws.enter("DescribeAvailabilityZones", r);
      return DescribeAvailabilityZonesResponse.builder()
          .availabilityZones(
              aws.catalog().zones(aws.region()).stream()
                  .map(
                      z ->
                          AvailabilityZone.builder()
                              .zoneName(z)
                              .regionName(aws.region())
                              .state("available")
                              .zoneType("availability-zone")
                              .build())
                  .toList())
          .build();
    }
  }

  @Override
  public DescribeSpotPriceHistoryResponse describeSpotPriceHistory(
      DescribeSpotPriceHistoryRequest r) {
    synchronized (aws.lock) {
      aws.enter("DescribeSpotPriceHistory", r);
      List<SpotPrice> prices = new ArrayList<>();
      Instant now = aws.now();
      for (InstanceTypeSpec spec : aws.specs().values()) {
        if (r.hasInstanceTypes() && !r.instanceTypesAsStrings().contains(spec.name())) {
          continue;
        }
        for (String zone : aws.catalog().zonesOffering(aws.region(), spec.name())) {
          Optional<Double> price = aws.spotPrice(spec.name(), zone);
          if (price.isEmpty()
              || !aws.catalog().offers(aws.region(), spec.name(), zone, CapacityType.SPOT)) {
            continue;
          }
          if (!Filters.matches(
              r.filters(),
              Map.of(),
              name ->
                  switch (name) {
                    case "availability-zone" -> List.of(zone);
                    case "instance-type" -> List.of(spec.name());
                    case "product-description" -> List.of("Linux/UNIX");
                    default -> null;
                  })) {
            continue;
          }
          prices.add(
              SpotPrice.builder()
                  .instanceType(spec.name())
                  .availabilityZone(zone)
                  .productDescription("Linux/UNIX")
                  .spotPrice(String.format(java.util.Locale.ROOT, "%.6f", price.get()))
                  .timestamp(now)
                  .build());
        }
      }
      int pageSize = r.maxResults() == null ? 1000 : r.maxResults();
      Page page = page(r.nextToken(), prices.size(), pageSize);
      return DescribeSpotPriceHistoryResponse.builder()
          .spotPriceHistory(prices.subList(page.from, page.to))
          .nextToken(page.next == null ? "" : page.next)
          .build();
    }
  }

  // ---- network and images ----

  @Override
  public DescribeSubnetsResponse describeSubnets(DescribeSubnetsRequest r) {
    synchronized (aws.lock) {
      aws.enter("DescribeSubnets", r);
      List<software.amazon.awssdk.services.ec2.model.Subnet> out = new ArrayList<>();
      for (Subnet s : aws.subnets.values()) {
        if (r.hasSubnetIds() && !r.subnetIds().contains(s.id)) {
          continue;
        }
        if (!Filters.matches(
            r.filters(),
            s.tags,
            name ->
                switch (name) {
                  case "subnet-id" -> List.of(s.id);
                  case "availability-zone" -> List.of(s.zone);
                  case "vpc-id" -> List.of(s.vpcId);
                  default -> null;
                })) {
          continue;
        }
        out.add(
            software.amazon.awssdk.services.ec2.model.Subnet.builder()
                .subnetId(s.id)
                .availabilityZone(s.zone)
                .vpcId(s.vpcId)
                .availableIpAddressCount(s.freeIps)
                .mapPublicIpOnLaunch(s.mapPublicIpOnLaunch)
                .tags(tags(s.tags))
                .build());
      }
      return DescribeSubnetsResponse.builder().subnets(out).build();
    }
  }

  @Override
  public DescribeSecurityGroupsResponse describeSecurityGroups(DescribeSecurityGroupsRequest r) {
    synchronized (aws.lock) {
      aws.enter("DescribeSecurityGroups", r);
      List<SecurityGroup> out = new ArrayList<>();
      for (SimulatedAws.SecurityGroup g : aws.securityGroups.values()) {
        if (r.hasGroupIds() && !r.groupIds().contains(g.id())) {
          continue;
        }
        if (!Filters.matches(
            r.filters(),
            g.tags(),
            name ->
                switch (name) {
                  case "group-id" -> List.of(g.id());
                  case "group-name" -> List.of(g.name());
                  case "vpc-id" -> List.of(g.vpcId());
                  default -> null;
                })) {
          continue;
        }
        out.add(
            SecurityGroup.builder()
                .groupId(g.id())
                .groupName(g.name())
                .vpcId(g.vpcId())
                .tags(tags(g.tags()))
                .build());
      }
      return DescribeSecurityGroupsResponse.builder().securityGroups(out).build();
    }
  }

  @Override
  public DescribeImagesResponse describeImages(DescribeImagesRequest r) {
    synchronized (aws.lock) {
      aws.enter("DescribeImages", r);
      List<software.amazon.awssdk.services.ec2.model.Image> out = new ArrayList<>();
      for (SimulatedAws.Image i : aws.images.values()) {
        if (r.hasImageIds() && !r.imageIds().isEmpty() && !r.imageIds().contains(i.id())) {
          continue;
        }
        if (r.hasOwners()
            && !r.owners().isEmpty()
            && !r.owners().contains(i.owner())
            && !(r.owners().contains("self") && i.owner().equals("self"))) {
          continue;
        }
        if (!Filters.matches(
            r.filters(),
            i.tags(),
            name ->
                switch (name) {
                  case "name" -> List.of(i.name());
                  case "image-id" -> List.of(i.id());
                  case "architecture" -> List.of(i.architecture());
                  case "state" -> List.of("available");
                  default -> null;
                })) {
          continue;
        }
        out.add(
            software.amazon.awssdk.services.ec2.model.Image.builder()
                .imageId(i.id())
                .name(i.name())
                .architecture(i.architecture())
                .creationDate(i.created().toString())
                .ownerId(i.owner())
                .state("available")
                .tags(tags(i.tags()))
                .build());
      }
      return DescribeImagesResponse.builder().images(out).build();
    }
  }

  // ---- launch templates ----

  @Override
  public CreateLaunchTemplateResponse createLaunchTemplate(CreateLaunchTemplateRequest r) {
    synchronized (aws.lock) {
      aws.enter("CreateLaunchTemplate", r);
      if (aws.launchTemplates.values().stream()
          .anyMatch(t -> t.name.equals(r.launchTemplateName()))) {
        throw SimulatedAws.ec2Error(
            "InvalidLaunchTemplateName.AlreadyExistsException",
            "Launch template name already in use.",
            400);
      }
      Map<String, String> tags = new LinkedHashMap<>();
      if (r.hasTagSpecifications()) {
        r.tagSpecifications().forEach(ts -> ts.tags().forEach(t -> tags.put(t.key(), t.value())));
      }
      SimulatedAws.LaunchTemplate t =
          new SimulatedAws.LaunchTemplate(
              aws.nextId("lt-"), r.launchTemplateName(), r.launchTemplateData(), tags, aws.now());
      aws.launchTemplates.put(t.id, t);
      return CreateLaunchTemplateResponse.builder().launchTemplate(toSdk(t)).build();
    }
  }

  @Override
  public DescribeLaunchTemplatesResponse describeLaunchTemplates(DescribeLaunchTemplatesRequest r) {
    synchronized (aws.lock) {
      aws.enter("DescribeLaunchTemplates", r);
      List<LaunchTemplate> out = new ArrayList<>();
      boolean byName = r.hasLaunchTemplateNames() && !r.launchTemplateNames().isEmpty();
      for (SimulatedAws.LaunchTemplate t : aws.launchTemplates.values()) {
        if (byName && !r.launchTemplateNames().contains(t.name)) {
          continue;
        }
        if (r.hasLaunchTemplateIds()
            && !r.launchTemplateIds().isEmpty()
            && !r.launchTemplateIds().contains(t.id)) {
          continue;
        }
        if (!Filters.matches(
            r.filters(),
            t.tags,
            name -> name.equals("launch-template-name") ? List.of(t.name) : null)) {
          continue;
        }
        out.add(toSdk(t));
      }
      if (byName && out.size() < r.launchTemplateNames().size()) {
        throw SimulatedAws.ec2Error(
            "InvalidLaunchTemplateName.NotFoundException",
            "At least one of the launch templates specified in the request does not exist.",
            400);
      }
      return DescribeLaunchTemplatesResponse.builder().launchTemplates(out).build();
    }
  }

  @Override
  public DeleteLaunchTemplateResponse deleteLaunchTemplate(DeleteLaunchTemplateRequest r) {
    synchronized (aws.lock) {
      aws.enter("DeleteLaunchTemplate", r);
      Optional<SimulatedAws.LaunchTemplate> t =
          aws.launchTemplates.values().stream()
              .filter(
                  lt ->
                      lt.id.equals(r.launchTemplateId()) || lt.name.equals(r.launchTemplateName()))
              .findFirst();
      if (t.isEmpty()) {
        throw SimulatedAws.ec2Error(
            "InvalidLaunchTemplateName.NotFoundException",
            "The specified launch template does not exist.",
            400);
      }
      aws.launchTemplates.remove(t.get().id);
      return DeleteLaunchTemplateResponse.builder().launchTemplate(toSdk(t.get())).build();
    }
  }

  private static LaunchTemplate toSdk(SimulatedAws.LaunchTemplate t) {
    return LaunchTemplate.builder()
        .launchTemplateId(t.id)
        .launchTemplateName(t.name)
        .createTime(t.created)
        .defaultVersionNumber(1L)
        .latestVersionNumber(1L)
        .tags(tags(t.tags))
        .build();
  }

  // ---- fleet ----

  private record Candidate(
      SimulatedAws.LaunchTemplate template,
      FleetLaunchTemplateSpecificationRequest spec,
      String instanceType,
      Subnet subnet,
      double price) {}

  @Override
  public CreateFleetResponse createFleet(CreateFleetRequest r) {
    synchronized (aws.lock) {
      CreateFleetResponse response = launchFleet(r);
      if (aws.loseResponse("CreateFleet")) {
        throw software.amazon.awssdk.core.exception.SdkClientException.create(
            "Unable to execute HTTP request: Read timed out (simulated lost response)");
      }
      return response;
    }
  }

  private CreateFleetResponse launchFleet(CreateFleetRequest r) {
    synchronized (aws.lock) {
      aws.enter("CreateFleet", r);
      if (r.clientToken() != null && aws.fleetsByClientToken.containsKey(r.clientToken())) {
        return (CreateFleetResponse) aws.fleetsByClientToken.get(r.clientToken());
      }
      CapacityType capacityType =
          "spot".equals(r.targetCapacitySpecification().defaultTargetCapacityTypeAsString())
              ? CapacityType.SPOT
              : CapacityType.ON_DEMAND;
      int target = r.targetCapacitySpecification().totalTargetCapacity();
      List<CreateFleetError> errors = new ArrayList<>();
      List<Candidate> candidates = new ArrayList<>();
      for (FleetLaunchTemplateConfigRequest config : r.launchTemplateConfigs()) {
        FleetLaunchTemplateSpecificationRequest spec = config.launchTemplateSpecification();
        Optional<SimulatedAws.LaunchTemplate> template =
            aws.launchTemplates.values().stream()
                .filter(
                    t ->
                        t.id.equals(spec.launchTemplateId())
                            || t.name.equals(spec.launchTemplateName()))
                .findFirst();
        for (FleetLaunchTemplateOverridesRequest o : config.overrides()) {
          if (template.isEmpty()) {
            errors.add(
                error(
                    spec,
                    o,
                    capacityType,
                    "InvalidLaunchTemplateName.NotFoundException",
                    "The specified launch template, with template name "
                        + spec.launchTemplateName()
                        + ", does not exist."));
            continue;
          }
          Subnet subnet = aws.subnets.get(o.subnetId());
          if (subnet == null) {
            errors.add(error(spec, o, capacityType, "InvalidSubnetID.NotFound", "no such subnet"));
            continue;
          }
          String type = o.instanceTypeAsString();
          Optional<Double> price =
              capacityType == CapacityType.SPOT
                  ? aws.spotPrice(type, subnet.zone)
                  : aws.onDemandPrice(type);
          if (price.isEmpty()
              || !aws.catalog().zonesOffering(aws.region(), type).contains(subnet.zone)
              || !aws.catalog().offers(aws.region(), type, subnet.zone, capacityType)) {
            errors.add(
                error(
                    spec,
                    o,
                    capacityType,
                    "Unsupported",
                    "The requested configuration is currently not supported."));
            continue;
          }
          candidates.add(new Candidate(template.get(), spec, type, subnet, price.get()));
        }
      }
      // price-capacity-optimized and lowest-price both start from the cheapest pool here; capacity
      // decides which pools can give an instance
      candidates.sort(
          Comparator.comparingDouble(Candidate::price)
              .thenComparing(Candidate::instanceType)
              .thenComparing(c -> c.subnet().zone));
      List<CreateFleetInstance> launched = new ArrayList<>();
      for (Candidate c : candidates) {
        if (launched.size() >= target) {
          break;
        }
        PoolKey pool = new PoolKey(capacityType, c.instanceType(), c.subnet().zone);
        Optional<Integer> left = aws.remaining(pool);
        if (left.isPresent() && left.get() <= 0) {
          errors.add(
              error(
                  c.spec(),
                  override(c),
                  capacityType,
                  "InsufficientInstanceCapacity",
                  "We currently do not have sufficient "
                      + c.instanceType()
                      + " capacity in the Availability Zone you requested ("
                      + c.subnet().zone
                      + ")."));
          continue;
        }
        if (c.subnet().freeIps <= 0) {
          errors.add(
              error(
                  c.spec(),
                  override(c),
                  capacityType,
                  "InsufficientFreeAddressesInSubnet",
                  "There are not enough free addresses in subnet '" + c.subnet().id + "'."));
          continue;
        }
        while (launched.size() < target
            && aws.remaining(pool).map(v -> v > 0).orElse(true)
            && c.subnet().freeIps > 0) {
          Instance i = launch(r, c, capacityType);
          aws.consume(pool);
          launched.add(
              CreateFleetInstance.builder()
                  .instanceIds(i.id)
                  .instanceType(c.instanceType())
                  .lifecycle(capacityType == CapacityType.SPOT ? "spot" : "on-demand")
                  .launchTemplateAndOverrides(
                      LaunchTemplateAndOverridesResponse.builder()
                          .launchTemplateSpecification(
                              FleetLaunchTemplateSpecification.builder()
                                  .launchTemplateId(c.template().id)
                                  .launchTemplateName(c.template().name)
                                  .version("1")
                                  .build())
                          .overrides(
                              FleetLaunchTemplateOverrides.builder()
                                  .instanceType(c.instanceType())
                                  .subnetId(c.subnet().id)
                                  .availabilityZone(c.subnet().zone)
                                  .build())
                          .build())
                  .build());
        }
      }
      CreateFleetResponse response =
          CreateFleetResponse.builder()
              .fleetId(aws.nextId("fleet-"))
              .instances(launched)
              .errors(errors)
              .build();
      if (r.clientToken() != null) {
        aws.fleetsByClientToken.put(r.clientToken(), response);
      }
      return response;
    }
  }

  private static FleetLaunchTemplateOverridesRequest override(Candidate c) {
    return FleetLaunchTemplateOverridesRequest.builder()
        .instanceType(c.instanceType())
        .subnetId(c.subnet().id)
        .availabilityZone(c.subnet().zone)
        .build();
  }

  private Instance launch(CreateFleetRequest r, Candidate c, CapacityType capacityType) {
    Map<String, String> tags = new LinkedHashMap<>();
    if (c.template().data != null && c.template().data.hasTagSpecifications()) {
      c.template().data.tagSpecifications().stream()
          .filter(ts -> "instance".equals(ts.resourceTypeAsString()))
          .forEach(ts -> ts.tags().forEach(t -> tags.put(t.key(), t.value())));
    }
    if (r.hasTagSpecifications()) {
      for (TagSpecification ts : r.tagSpecifications()) {
        if ("instance".equals(ts.resourceTypeAsString())) {
          ts.tags().forEach(t -> tags.put(t.key(), t.value()));
        }
      }
    }
    List<String> groups =
        c.template().data != null && c.template().data.hasSecurityGroupIds()
            ? c.template().data.securityGroupIds()
            : List.of();
    String image = c.template().data == null ? "" : c.template().data.imageId();
    int ipIndex = aws.instances.size() + 10;
    Instance i =
        new Instance(
            aws.nextId("i-"),
            c.instanceType(),
            c.subnet().zone,
            c.subnet().id,
            capacityType,
            image,
            c.template().name,
            aws.now(),
            tags,
            groups,
            "10.0." + (ipIndex / 250) + "." + (ipIndex % 250 + 4));
    c.subnet().freeIps--;
    aws.instances.put(i.id, i);
    return i;
  }

  private static CreateFleetError error(
      FleetLaunchTemplateSpecificationRequest spec,
      FleetLaunchTemplateOverridesRequest o,
      CapacityType capacityType,
      String code,
      String message) {
    return CreateFleetError.builder()
        .errorCode(code)
        .errorMessage(message)
        .lifecycle(capacityType == CapacityType.SPOT ? "spot" : "on-demand")
        .launchTemplateAndOverrides(
            LaunchTemplateAndOverridesResponse.builder()
                .launchTemplateSpecification(
                    FleetLaunchTemplateSpecification.builder()
                        .launchTemplateId(spec.launchTemplateId())
                        .launchTemplateName(spec.launchTemplateName())
                        .version(spec.version())
                        .build())
                .overrides(
                    FleetLaunchTemplateOverrides.builder()
                        .instanceType(o.instanceTypeAsString())
                        .subnetId(o.subnetId())
                        .availabilityZone(o.availabilityZone())
                        .build())
                .build())
        .build();
  }

  // ---- instances ----

  @Override
  public DescribeInstancesResponse describeInstances(DescribeInstancesRequest r) {
    synchronized (aws.lock) {
      aws.enter("DescribeInstances", r);
      List<software.amazon.awssdk.services.ec2.model.Instance> out = new ArrayList<>();
      boolean byId = r.hasInstanceIds() && !r.instanceIds().isEmpty();
      if (byId) {
        for (String id : r.instanceIds()) {
          Instance i = aws.instances.get(id);
          if (i == null || !aws.visible(i)) {
            throw SimulatedAws.ec2Error(
                "InvalidInstanceID.NotFound", "The instance ID '" + id + "' does not exist", 400);
          }
        }
      }
      for (Instance i : aws.instances.values()) {
        if (!aws.visible(i) || byId && !r.instanceIds().contains(i.id) || !byId && !aws.listed(i)) {
          continue;
        }
        String state = aws.state(i);
        if (!Filters.matches(
            r.filters(),
            i.tags,
            name ->
                switch (name) {
                  case "instance-state-name" -> List.of(state);
                  case "instance-id" -> List.of(i.id);
                  case "instance-type" -> List.of(i.instanceType);
                  case "availability-zone" -> List.of(i.zone);
                  case "subnet-id" -> List.of(i.subnetId);
                  case "image-id" -> List.of(i.imageId);
                  default -> null;
                })) {
          continue;
        }
        out.add(toSdk(i, state));
      }
      return DescribeInstancesResponse.builder()
          .reservations(Reservation.builder().reservationId("r-sim").instances(out).build())
          .build();
    }
  }

  private static software.amazon.awssdk.services.ec2.model.Instance toSdk(
      Instance i, String state) {
    var b =
        software.amazon.awssdk.services.ec2.model.Instance.builder()
            .instanceId(i.id)
            .instanceType(i.instanceType)
            .placement(Placement.builder().availabilityZone(i.zone).build())
            .subnetId(i.subnetId)
            .imageId(i.imageId)
            .launchTime(i.launchTime)
            .privateIpAddress(i.privateIp)
            .privateDnsName("ip-" + i.privateIp.replace('.', '-') + ".ec2.internal")
            .state(InstanceState.builder().name(state).code(stateCode(state)).build())
            .securityGroups(
                i.securityGroupIds.stream()
                    .map(g -> GroupIdentifier.builder().groupId(g).build())
                    .toList())
            .tags(tags(i.tags));
    if (i.capacityType == CapacityType.SPOT) {
      b.instanceLifecycle("spot");
    }
    return b.build();
  }

  private static int stateCode(String state) {
    return switch (state) {
      case "pending" -> 0;
      case "running" -> 16;
      case "shutting-down" -> 32;
      default -> 48;
    };
  }

  @Override
  public TerminateInstancesResponse terminateInstances(TerminateInstancesRequest r) {
    synchronized (aws.lock) {
      aws.enter("TerminateInstances", r);
      List<InstanceStateChange> changes = new ArrayList<>();
      for (String id : r.instanceIds()) {
        Instance i = aws.instances.get(id);
        if (i == null || !aws.visible(i)) {
          throw SimulatedAws.ec2Error(
              "InvalidInstanceID.NotFound", "The instance ID '" + id + "' does not exist", 400);
        }
        String before = aws.state(i);
        if (i.terminatedAt == null) {
          i.terminatedAt = aws.now();
          aws.subnet(i.subnetId).ifPresent(s -> s.freeIps++);
        }
        String after = aws.state(i);
        changes.add(
            InstanceStateChange.builder()
                .instanceId(id)
                .previousState(InstanceState.builder().name(before).code(stateCode(before)).build())
                .currentState(InstanceState.builder().name(after).code(stateCode(after)).build())
                .build());
      }
      return TerminateInstancesResponse.builder().terminatingInstances(changes).build();
    }
  }

  @Override
  public CreateTagsResponse createTags(CreateTagsRequest r) {
    synchronized (aws.lock) {
      aws.enter("CreateTags", r);
      for (String id : r.resources()) {
        Instance i = aws.instances.get(id);
        if (i == null) {
          throw SimulatedAws.ec2Error(
              "InvalidInstanceID.NotFound", "The instance ID '" + id + "' does not exist", 400);
        }
        r.tags().forEach(t -> i.tags.put(t.key(), t.value()));
      }
      return CreateTagsResponse.builder().build();
    }
  }

  // ---- helpers ----

  private record Page(int from, int to, String next) {}

  private static Page page(String token, int size, int pageSize) {
    int from = 0;
    if (token != null && !token.isEmpty()) {
      try {
        from = Integer.parseInt(token);
      } catch (NumberFormatException e) {
        throw SimulatedAws.ec2Error("InvalidNextToken", "bad next token " + token, 400);
      }
    }
    from = Math.min(from, size);
    int to = Math.min(size, from + Math.max(1, pageSize));
    return new Page(from, to, to < size ? Integer.toString(to) : null);
  }

  static List<Tag> tags(Map<String, String> tags) {
    return tags.entrySet().stream()
        .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
        .toList();
  }
}
