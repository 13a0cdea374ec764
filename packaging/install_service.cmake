# Runs at install time (packaging/CMakeLists.txt): CMAKE_INSTALL_PREFIX is then the prefix
# installed into (`cmake --install build --prefix P`), not the one configured.
set(prefix "${CMAKE_INSTALL_PREFIX}")
# As GNUInstallDirs does: the prefix /usr keeps its configuration in /etc.
if(prefix STREQUAL "/usr")
  set(sysconfdir "/etc")
else()
  set(sysconfdir "${prefix}/etc")
endif()
set(SAKER_BINDIR "${prefix}/${SAKER_BINDIR_REL}")
set(SAKER_DOCDIR "${prefix}/${SAKER_DOCDIR_REL}")
set(SAKER_RULES_DIR "${prefix}/${SAKER_DATADIR_REL}/saker/rules")
set(SAKER_CONFIG "${sysconfdir}/saker/record.yaml")

configure_file("${SAKER_PACKAGING_DIR}/record.yaml.in" "${SAKER_PACKAGING_OUT}/record.yaml" @ONLY)
configure_file("${SAKER_PACKAGING_DIR}/saker-recorder.service.in" "${SAKER_PACKAGING_OUT}/saker-recorder.service"
               @ONLY)
# The configuration may name credentials (an HTTP output's URL): root only.
file(INSTALL DESTINATION "${sysconfdir}/saker" TYPE FILE FILES "${SAKER_PACKAGING_OUT}/record.yaml"
     PERMISSIONS OWNER_READ OWNER_WRITE)
file(INSTALL DESTINATION "${prefix}/lib/systemd/system" TYPE FILE
     FILES "${SAKER_PACKAGING_OUT}/saker-recorder.service"
     PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
