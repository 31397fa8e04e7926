/*
 * Machine-dependent JNI types for Windows x64 (LLP64), for jni.h from the build machine's JDK.
 * The Linux JDK's jni_md.h declares jlong as `long`, which is 32 bits on Windows: using it here would
 * silently break every JNI signature with a jlong. These are the Windows definitions.
 */
#ifndef WERCLI_JNI_MD_H
#define WERCLI_JNI_MD_H

#define JNIEXPORT __declspec(dllexport)
#define JNIIMPORT __declspec(dllimport)
#define JNICALL __stdcall

typedef long jint;
typedef __int64 jlong;
typedef signed char jbyte;

#endif
